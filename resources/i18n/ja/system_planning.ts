<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja" sourcelanguage="en">
<context>
    <name>CapacityModel</name>
    <message>
        <source>Process</source>
        <translation>処理</translation>
    </message>
    <message>
        <source>Machine type</source>
        <translation>マシンタイプ</translation>
    </message>
    <message>
        <source>Required /s</source>
        <translation>必要スループット(/秒)</translation>
    </message>
    <message>
        <source>Required</source>
        <translation>必要台数</translation>
    </message>
    <message>
        <source>Instances</source>
        <translation>台数</translation>
    </message>
    <message>
        <source>Run time / utilisation</source>
        <translation>実行時間 / 使用率</translation>
    </message>
    <message>
        <source>Latency (ms)</source>
        <translation>レイテンシ(ms)</translation>
    </message>
    <message>
        <source>Hours / month</source>
        <translation>月間稼働(時間)</translation>
    </message>
    <message>
        <source>Incomplete</source>
        <translation>入力不足</translation>
    </message>
    <message>
        <source>Per month</source>
        <translation>月額</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>判定</translation>
    </message>
    <message>
        <source>Row {0}</source>
        <translation>{0}行目</translation>
    </message>
    <message>
        <source>Cannot be met</source>
        <translation>要件を満たせない</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
</context>
<context>
    <name>CapacityPanel</name>
    <message>
        <source>Instance catalogue…</source>
        <translation>インスタンスカタログ…</translation>
    </message>
    <message>
        <source>Edit the instance catalogue</source>
        <translation>インスタンスカタログを編集</translation>
    </message>
    <message>
        <source>Capacity results</source>
        <translation>キャパシティ計算の結果</translation>
    </message>
    <message>
        <source>Formulas of the selected process</source>
        <translation>選択した処理の計算式</translation>
    </message>
    <message>
        <source>Add processes to the process-flow table (section 3) to size them here.</source>
        <translation>処理フローの表(3章)に処理を追加すると、ここで台数と費用を計算します。</translation>
    </message>
    <message>
        <source>Infrastructure from the calculator: {0} per month</source>
        <translation>キャパシティ計算のインフラ費用: 月額 {0}</translation>
    </message>
    <message>
        <source>{0} process(es) cannot meet a requirement</source>
        <translation>要件を満たせない処理 {0} 件</translation>
    </message>
</context>
<context>
    <name>CatalogueDialog</name>
    <message>
        <source>Instance catalogue</source>
        <translation>インスタンスカタログ</translation>
    </message>
    <message>
        <source>Machine types and their hourly prices; the calculator prices every process with this list. Saving keeps your own copy in the data folder.</source>
        <translation>マシンタイプと時間単価の一覧です。キャパシティ計算はこの一覧で費用を計算します。保存するとデータフォルダに自分用のコピーを作ります。</translation>
    </message>
    <message>
        <source>Currency of the prices:</source>
        <translation>単価の通貨:</translation>
    </message>
    <message>
        <source>Currency of the prices</source>
        <translation>単価の通貨</translation>
    </message>
    <message>
        <source>Prices as of:</source>
        <translation>価格の時点:</translation>
    </message>
    <message>
        <source>Prices as of</source>
        <translation>価格の時点</translation>
    </message>
    <message>
        <source>Your own copy</source>
        <translation>自分用のコピー</translation>
    </message>
    <message>
        <source>Shipped catalogue</source>
        <translation>同梱のカタログ</translation>
    </message>
    <message>
        <source>Machine types</source>
        <translation>マシンタイプ</translation>
    </message>
    <message>
        <source>Select all machine types</source>
        <translation>すべてのマシンタイプを選択</translation>
    </message>
    <message>
        <source>Add machine type</source>
        <translation>マシンタイプを追加</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>削除</translation>
    </message>
    <message>
        <source>Reset to shipped catalogue</source>
        <translation>同梱のカタログに戻す</translation>
    </message>
    <message>
        <source>Delete your own catalogue and go back to the shipped one?</source>
        <translation>自分用のカタログを削除して、同梱のカタログに戻しますか?</translation>
    </message>
</context>
<context>
    <name>CatalogueModel</name>
    <message>
        <source>Machine type</source>
        <translation>マシンタイプ</translation>
    </message>
    <message>
        <source>Provider</source>
        <translation>提供元</translation>
    </message>
    <message>
        <source>vCPU</source>
        <translation>vCPU</translation>
    </message>
    <message>
        <source>Memory (GB)</source>
        <translation>メモリ(GB)</translation>
    </message>
    <message>
        <source>GPU</source>
        <translation>GPU</translation>
    </message>
    <message>
        <source>Hourly price</source>
        <translation>時間単価</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>備考</translation>
    </message>
</context>
<context>
    <name>ChecksPanel</name>
    <message>
        <source>Monitoring plan</source>
        <translation>監視計画</translation>
    </message>
    <message>
        <source>Operations tasks</source>
        <translation>運用作業</translation>
    </message>
    <message>
        <source>Rows to complete: {0}</source>
        <translation>入力が必要な行: {0}</translation>
    </message>
    <message>
        <source>{0} row(s) · by target: {1} · human in the loop: {2} · human labelling: {3}</source>
        <translation>{0}行 · 対象別: {1} · human in the loop: {2} · 人手ラベリング: {3}</translation>
    </message>
    <message>
        <source>{0} task(s) · customer {1} · vendor {2} · us {3} · no owner {4}</source>
        <translation>{0}件 · 顧客 {1} · ベンダ {2} · 自社 {3} · 担当未定 {4}</translation>
    </message>
    <message>
        <source>Every row is complete.</source>
        <translation>すべての行が入力済みです。</translation>
    </message>
</context>
<context>
    <name>CostPanel</name>
    <message>
        <source>Cost totals</source>
        <translation>コスト集計</translation>
    </message>
    <message>
        <source>How the totals are worked out</source>
        <translation>集計の計算式</translation>
    </message>
    <message>
        <source>Initial {0}</source>
        <translation>初期 {0}</translation>
    </message>
    <message>
        <source>running {0} per month</source>
        <translation>ランニング 月額 {0}</translation>
    </message>
    <message>
        <source>value / running cost {0}</source>
        <translation>価値 / ランニング費用 {0}</translation>
    </message>
    <message>
        <source>pays back in {0} months</source>
        <translation>{0}か月で回収</translation>
    </message>
    <message>
        <source>never pays back</source>
        <translation>回収できない</translation>
    </message>
    <message>
        <source>No currency chosen for the estimate: amounts are in {0}.</source>
        <translation>見積もりの通貨が未選択のため{0}で計算しています。</translation>
    </message>
</context>
<context>
    <name>CostSummaryModel</name>
    <message>
        <source>Initial infrastructure</source>
        <translation>初期 インフラ</translation>
    </message>
    <message>
        <source>Initial development effort</source>
        <translation>初期 開発工数</translation>
    </message>
    <message>
        <source>Initial total</source>
        <translation>初期 合計</translation>
    </message>
    <message>
        <source>Running infrastructure (table)</source>
        <translation>ランニング インフラ(表)</translation>
    </message>
    <message>
        <source>Running infrastructure (calculator)</source>
        <translation>ランニング インフラ(キャパシティ計算)</translation>
    </message>
    <message>
        <source>Running development effort</source>
        <translation>ランニング 開発工数</translation>
    </message>
    <message>
        <source>Retraining</source>
        <translation>再学習</translation>
    </message>
    <message>
        <source>Running total</source>
        <translation>ランニング 合計</translation>
    </message>
    <message>
        <source>First-year total</source>
        <translation>初年度合計</translation>
    </message>
    <message>
        <source>Expected business value</source>
        <translation>期待されるビジネス価値</translation>
    </message>
    <message>
        <source>Net benefit</source>
        <translation>正味の効果</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>区分</translation>
    </message>
    <message>
        <source>One-off</source>
        <translation>一時</translation>
    </message>
    <message>
        <source>Per month</source>
        <translation>月額</translation>
    </message>
    <message>
        <source>Per year</source>
        <translation>年額</translation>
    </message>
</context>
<context>
    <name>InstanceTypeDelegate</name>
    <message>
        <source>Machine type</source>
        <translation>マシンタイプ</translation>
    </message>
</context>
<context>
    <name>LinkedAnswerPanel</name>
    <message>
        <source>Edit in the hearing</source>
        <translation>ヒアリングで編集</translation>
    </message>
    <message>
        <source>Edit the linked answer in the hearing</source>
        <translation>リンク先の回答をヒアリングで編集</translation>
    </message>
    <message>
        <source>Linked answer (read-only)</source>
        <translation>リンク先の回答(読み取り専用)</translation>
    </message>
    <message>
        <source>{0} (from the hearing, read-only)</source>
        <translation>{0}(ヒアリングより、読み取り専用)</translation>
    </message>
</context>
<context>
    <name>SystemPlanningPage</name>
    <message>
        <source>System planning</source>
        <translation>システム化計画</translation>
    </message>
    <message>
        <source>System planning documents</source>
        <translation>システム化計画のドキュメント</translation>
    </message>
    <message>
        <source>Documents</source>
        <translation>ドキュメント</translation>
    </message>
    <message>
        <source>Export design document (Markdown)…</source>
        <translation>システム化計画書を書き出す(Markdown)…</translation>
    </message>
    <message>
        <source>Export tables (Excel)…</source>
        <translation>表を書き出す(Excel)…</translation>
    </message>
    <message>
        <source>System-planning checklist</source>
        <translation>システム化計画チェックリスト</translation>
    </message>
    <message>
        <source>Computed results</source>
        <translation>計算結果</translation>
    </message>
    <message>
        <source>Capacity and infrastructure cost</source>
        <translation>キャパシティとインフラ費用</translation>
    </message>
    <message>
        <source>Cost estimate</source>
        <translation>コスト見積もり</translation>
    </message>
    <message>
        <source>Monitoring and operations</source>
        <translation>監視と運用</translation>
    </message>
    <message>
        <source>Select the whole table</source>
        <translation>表全体を選択</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>書き出し</translation>
    </message>
    <message>
        <source>Wrote {0}</source>
        <translation>{0} に書き出しました</translation>
    </message>
    <message>
        <source>Markdown (*.md)</source>
        <translation>Markdown (*.md)</translation>
    </message>
    <message>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Excelブック (*.xlsx)</translation>
    </message>
</context>
</TS>
