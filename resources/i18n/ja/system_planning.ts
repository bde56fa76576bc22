<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja" sourcelanguage="en">
<context>
    <name>CapacityModel</name>
    <message>
        <location filename="../../../app/ui/system_planning/result_models.py" line="44"/>
        <source>Process</source>
        <translation>処理</translation>
    </message>
    <message>
        <location filename="../../../app/ui/system_planning/result_models.py" line="44"/>
        <source>Machine type</source>
        <translation>マシンタイプ</translation>
    </message>
    <message>
        <location filename="../../../app/ui/system_planning/result_models.py" line="47"/>
        <source>Required /s</source>
        <translation>必要スループット(/秒)</translation>
    </message>
    <message>
        <location filename="../../../app/ui/system_planning/result_models.py" line="45"/>
        <source>Required</source>
        <translation>必要台数</translation>
    </message>
    <message>
        <location filename="../../../app/ui/system_planning/result_models.py" line="45"/>
        <source>Instances</source>
        <translation>台数</translation>
    </message>
    <message>
        <location filename="../../../app/ui/system_planning/result_models.py" line="46"/>
        <source>Run time / utilisation</source>
        <translation>実行時間 / 使用率</translation>
    </message>
    <message>
        <location filename="../../../app/ui/system_planning/result_models.py" line="46"/>
        <source>Latency (ms)</source>
        <translation>レイテンシ(ms)</translation>
    </message>
    <message>
        <location filename="../../../app/ui/system_planning/result_models.py" line="47"/>
        <source>Hours / month</source>
        <translation>月間稼働(時間)</translation>
    </message>
    <message>
        <location filename="../../../app/ui/system_planning/result_models.py" line="97"/>
        <source>Incomplete</source>
        <translation>入力不足</translation>
    </message>
    <message>
        <location filename="../../../app/ui/system_planning/result_models.py" line="45"/>
        <source>Per month</source>
        <translation>月額</translation>
    </message>
    <message>
        <location filename="../../../app/ui/system_planning/result_models.py" line="44"/>
        <source>Verdict</source>
        <translation>判定</translation>
    </message>
    <message>
        <location filename="../../../app/ui/system_planning/result_models.py" line="91"/>
        <source>Row {0}</source>
        <translation>{0}行目</translation>
    </message>
    <message>
        <location filename="../../../app/ui/system_planning/result_models.py" line="96"/>
        <source>Cannot be met</source>
        <translation>要件を満たせない</translation>
    </message>
    <message>
        <location filename="../../../app/ui/system_planning/result_models.py" line="97"/>
        <source>OK</source>
        <translation>OK</translation>
    </message>
</context>
<context>
    <name>CapacityPanel</name>
    <message>
        <location filename="../../../app/ui/system_planning/panels.py" line="92"/>
        <source>Instance catalogue…</source>
        <translation>インスタンスカタログ…</translation>
    </message>
    <message>
        <location filename="../../../app/ui/system_planning/panels.py" line="94"/>
        <source>Edit the instance catalogue</source>
        <translation>インスタンスカタログを編集</translation>
    </message>
    <message>
        <location filename="../../../app/ui/system_planning/panels.py" line="101"/>
        <source>Capacity results</source>
        <translation>キャパシティ計算の結果</translation>
    </message>
    <message>
        <location filename="../../../app/ui/system_planning/panels.py" line="109"/>
        <source>Formulas of the selected process</source>
        <translation>選択した処理の計算式</translation>
    </message>
    <message>
        <location filename="../../../app/ui/system_planning/panels.py" line="114"/>
        <source>Add processes to the process-flow table (section 3) to size them here.</source>
        <translation>処理フローの表(3章)に処理を追加すると、ここで台数と費用を計算します。</translation>
    </message>
    <message>
        <location filename="../../../app/ui/system_planning/panels.py" line="126"/>
        <source>Infrastructure from the calculator: {0} per month</source>
        <translation>キャパシティ計算のインフラ費用: 月額 {0}</translation>
    </message>
    <message>
        <location filename="../../../app/ui/system_planning/panels.py" line="131"/>
        <source>{0} process(es) cannot meet a requirement</source>
        <translation>要件を満たせない処理 {0} 件</translation>
    </message>
</context>
<context>
    <name>CatalogueDialog</name>
    <message>
        <location filename="../../../app/ui/system_planning/catalogue_dialog.py" line="139"/>
        <location filename="../../../app/ui/system_planning/catalogue_dialog.py" line="249"/>
        <source>Instance catalogue</source>
        <translation>インスタンスカタログ</translation>
    </message>
    <message>
        <location filename="../../../app/ui/system_planning/catalogue_dialog.py" line="146"/>
        <source>Machine types and their hourly prices; the calculator prices every process with this list. Saving keeps your own copy in the data folder.</source>
        <translation>マシンタイプと時間単価の一覧です。キャパシティ計算はこの一覧で費用を計算します。保存するとデータフォルダに自分用のコピーを作ります。</translation>
    </message>
    <message>
        <location filename="../../../app/ui/system_planning/catalogue_dialog.py" line="157"/>
        <source>Currency of the prices:</source>
        <translation>単価の通貨:</translation>
    </message>
    <message>
        <location filename="../../../app/ui/system_planning/catalogue_dialog.py" line="160"/>
        <source>Currency of the prices</source>
        <translation>単価の通貨</translation>
    </message>
    <message>
        <location filename="../../../app/ui/system_planning/catalogue_dialog.py" line="163"/>
        <source>Prices as of:</source>
        <translation>価格の時点:</translation>
    </message>
    <message>
        <location filename="../../../app/ui/system_planning/catalogue_dialog.py" line="166"/>
        <source>Prices as of</source>
        <translation>価格の時点</translation>
    </message>
    <message>
        <location filename="../../../app/ui/system_planning/catalogue_dialog.py" line="170"/>
        <source>Your own copy</source>
        <translation>自分用のコピー</translation>
    </message>
    <message>
        <location filename="../../../app/ui/system_planning/catalogue_dialog.py" line="170"/>
        <source>Shipped catalogue</source>
        <translation>同梱のカタログ</translation>
    </message>
    <message>
        <location filename="../../../app/ui/system_planning/catalogue_dialog.py" line="179"/>
        <source>Machine types</source>
        <translation>マシンタイプ</translation>
    </message>
    <message>
        <location filename="../../../app/ui/system_planning/catalogue_dialog.py" line="186"/>
        <source>Select all machine types</source>
        <translation>すべてのマシンタイプを選択</translation>
    </message>
    <message>
        <location filename="../../../app/ui/system_planning/catalogue_dialog.py" line="190"/>
        <source>Add machine type</source>
        <translation>マシンタイプを追加</translation>
    </message>
    <message>
        <location filename="../../../app/ui/system_planning/catalogue_dialog.py" line="191"/>
        <source>Remove</source>
        <translation>削除</translation>
    </message>
    <message>
        <location filename="../../../app/ui/system_planning/catalogue_dialog.py" line="192"/>
        <source>Reset to shipped catalogue</source>
        <translation>同梱のカタログに戻す</translation>
    </message>
    <message>
        <location filename="../../../app/ui/system_planning/catalogue_dialog.py" line="249"/>
        <source>Delete your own catalogue and go back to the shipped one?</source>
        <translation>自分用のカタログを削除して、同梱のカタログに戻しますか?</translation>
    </message>
</context>
<context>
    <name>CatalogueModel</name>
    <message>
        <location filename="../../../app/ui/system_planning/catalogue_dialog.py" line="63"/>
        <source>Machine type</source>
        <translation>マシンタイプ</translation>
    </message>
    <message>
        <location filename="../../../app/ui/system_planning/catalogue_dialog.py" line="63"/>
        <source>Provider</source>
        <translation>提供元</translation>
    </message>
    <message>
        <location filename="../../../app/ui/system_planning/catalogue_dialog.py" line="63"/>
        <source>vCPU</source>
        <translation>vCPU</translation>
    </message>
    <message>
        <location filename="../../../app/ui/system_planning/catalogue_dialog.py" line="63"/>
        <source>Memory (GB)</source>
        <translation>メモリ(GB)</translation>
    </message>
    <message>
        <location filename="../../../app/ui/system_planning/catalogue_dialog.py" line="63"/>
        <source>GPU</source>
        <translation>GPU</translation>
    </message>
    <message>
        <location filename="../../../app/ui/system_planning/catalogue_dialog.py" line="63"/>
        <source>Hourly price</source>
        <translation>時間単価</translation>
    </message>
    <message>
        <location filename="../../../app/ui/system_planning/catalogue_dialog.py" line="63"/>
        <source>Note</source>
        <translation>備考</translation>
    </message>
</context>
<context>
    <name>ChecksPanel</name>
    <message>
        <location filename="../../../app/ui/system_planning/panels.py" line="224"/>
        <source>Monitoring plan</source>
        <translation>監視計画</translation>
    </message>
    <message>
        <location filename="../../../app/ui/system_planning/panels.py" line="225"/>
        <source>Operations tasks</source>
        <translation>運用作業</translation>
    </message>
    <message>
        <location filename="../../../app/ui/system_planning/panels.py" line="236"/>
        <source>Rows to complete: {0}</source>
        <translation>入力が必要な行: {0}</translation>
    </message>
    <message>
        <location filename="../../../app/ui/system_planning/panels.py" line="248"/>
        <source>{0} row(s) · by target: {1} · human in the loop: {2} · human labelling: {3}</source>
        <translation>{0}行 · 対象別: {1} · human in the loop: {2} · 人手ラベリング: {3}</translation>
    </message>
    <message>
        <location filename="../../../app/ui/system_planning/panels.py" line="253"/>
        <source>{0} task(s) · customer {1} · vendor {2} · us {3} · no owner {4}</source>
        <translation>{0}件 · 顧客 {1} · ベンダ {2} · 自社 {3} · 担当未定 {4}</translation>
    </message>
    <message>
        <location filename="../../../app/ui/system_planning/panels.py" line="259"/>
        <source>Every row is complete.</source>
        <translation>すべての行が入力済みです。</translation>
    </message>
</context>
<context>
    <name>CostPanel</name>
    <message>
        <location filename="../../../app/ui/system_planning/panels.py" line="183"/>
        <source>Cost totals</source>
        <translation>コスト集計</translation>
    </message>
    <message>
        <location filename="../../../app/ui/system_planning/panels.py" line="187"/>
        <source>How the totals are worked out</source>
        <translation>集計の計算式</translation>
    </message>
    <message>
        <location filename="../../../app/ui/system_planning/panels.py" line="197"/>
        <source>Initial {0}</source>
        <translation>初期 {0}</translation>
    </message>
    <message>
        <location filename="../../../app/ui/system_planning/panels.py" line="198"/>
        <source>running {0} per month</source>
        <translation>ランニング 月額 {0}</translation>
    </message>
    <message>
        <location filename="../../../app/ui/system_planning/panels.py" line="201"/>
        <source>value / running cost {0}</source>
        <translation>価値 / ランニング費用 {0}</translation>
    </message>
    <message>
        <location filename="../../../app/ui/system_planning/panels.py" line="204"/>
        <source>pays back in {0} months</source>
        <translation>{0}か月で回収</translation>
    </message>
    <message>
        <location filename="../../../app/ui/system_planning/panels.py" line="206"/>
        <source>never pays back</source>
        <translation>回収できない</translation>
    </message>
    <message>
        <location filename="../../../app/ui/system_planning/panels.py" line="210"/>
        <source>No currency chosen for the estimate: amounts are in {0}.</source>
        <translation>見積もりの通貨が未選択のため{0}で計算しています。</translation>
    </message>
</context>
<context>
    <name>CostSummaryModel</name>
    <message>
        <location filename="../../../app/ui/system_planning/result_models.py" line="144"/>
        <source>Initial infrastructure</source>
        <translation>初期 インフラ</translation>
    </message>
    <message>
        <location filename="../../../app/ui/system_planning/result_models.py" line="145"/>
        <source>Initial development effort</source>
        <translation>初期 開発工数</translation>
    </message>
    <message>
        <location filename="../../../app/ui/system_planning/result_models.py" line="146"/>
        <source>Initial total</source>
        <translation>初期 合計</translation>
    </message>
    <message>
        <location filename="../../../app/ui/system_planning/result_models.py" line="147"/>
        <source>Running infrastructure (table)</source>
        <translation>ランニング インフラ(表)</translation>
    </message>
    <message>
        <location filename="../../../app/ui/system_planning/result_models.py" line="148"/>
        <source>Running infrastructure (calculator)</source>
        <translation>ランニング インフラ(キャパシティ計算)</translation>
    </message>
    <message>
        <location filename="../../../app/ui/system_planning/result_models.py" line="149"/>
        <source>Running development effort</source>
        <translation>ランニング 開発工数</translation>
    </message>
    <message>
        <location filename="../../../app/ui/system_planning/result_models.py" line="150"/>
        <source>Retraining</source>
        <translation>再学習</translation>
    </message>
    <message>
        <location filename="../../../app/ui/system_planning/result_models.py" line="151"/>
        <source>Running total</source>
        <translation>ランニング 合計</translation>
    </message>
    <message>
        <location filename="../../../app/ui/system_planning/result_models.py" line="152"/>
        <source>First-year total</source>
        <translation>初年度合計</translation>
    </message>
    <message>
        <location filename="../../../app/ui/system_planning/result_models.py" line="155"/>
        <source>Expected business value</source>
        <translation>期待されるビジネス価値</translation>
    </message>
    <message>
        <location filename="../../../app/ui/system_planning/result_models.py" line="156"/>
        <source>Net benefit</source>
        <translation>正味の効果</translation>
    </message>
    <message>
        <location filename="../../../app/ui/system_planning/result_models.py" line="169"/>
        <source>Line</source>
        <translation>区分</translation>
    </message>
    <message>
        <location filename="../../../app/ui/system_planning/result_models.py" line="169"/>
        <source>One-off</source>
        <translation>一時</translation>
    </message>
    <message>
        <location filename="../../../app/ui/system_planning/result_models.py" line="169"/>
        <source>Per month</source>
        <translation>月額</translation>
    </message>
    <message>
        <location filename="../../../app/ui/system_planning/result_models.py" line="169"/>
        <source>Per year</source>
        <translation>年額</translation>
    </message>
</context>
<context>
    <name>InstanceTypeDelegate</name>
    <message>
        <location filename="../../../app/ui/system_planning/panels.py" line="324"/>
        <source>Machine type</source>
        <translation>マシンタイプ</translation>
    </message>
</context>
<context>
    <name>LinkedAnswerPanel</name>
    <message>
        <location filename="../../../app/ui/system_planning/panels.py" line="281"/>
        <source>Edit in the hearing</source>
        <translation>ヒアリングで編集</translation>
    </message>
    <message>
        <location filename="../../../app/ui/system_planning/panels.py" line="283"/>
        <source>Edit the linked answer in the hearing</source>
        <translation>リンク先の回答をヒアリングで編集</translation>
    </message>
    <message>
        <location filename="../../../app/ui/system_planning/panels.py" line="287"/>
        <location filename="../../../app/ui/system_planning/panels.py" line="289"/>
        <source>Linked answer (read-only)</source>
        <translation>リンク先の回答(読み取り専用)</translation>
    </message>
    <message>
        <location filename="../../../app/ui/system_planning/panels.py" line="298"/>
        <source>{0} (from the hearing, read-only)</source>
        <translation>{0}(ヒアリングより、読み取り専用)</translation>
    </message>
</context>
<context>
    <name>SystemPlanningPage</name>
    <message>
        <location filename="../../../app/ui/pages/system_planning.py" line="64"/>
        <source>System planning</source>
        <translation>システム化計画</translation>
    </message>
    <message>
        <location filename="../../../app/ui/pages/system_planning.py" line="78"/>
        <source>System planning documents</source>
        <translation>システム化計画のドキュメント</translation>
    </message>
    <message>
        <location filename="../../../app/ui/pages/system_planning.py" line="79"/>
        <source>Documents</source>
        <translation>ドキュメント</translation>
    </message>
    <message>
        <location filename="../../../app/ui/pages/system_planning.py" line="83"/>
        <source>Export design document (Markdown)…</source>
        <translation>システム化計画書を書き出す(Markdown)…</translation>
    </message>
    <message>
        <location filename="../../../app/ui/pages/system_planning.py" line="84"/>
        <source>Export tables (Excel)…</source>
        <translation>表を書き出す(Excel)…</translation>
    </message>
    <message>
        <location filename="../../../app/ui/pages/system_planning.py" line="92"/>
        <source>Show</source>
        <translation>表示</translation>
    </message>
    <message>
        <location filename="../../../app/ui/pages/system_planning.py" line="94"/>
        <source>All items</source>
        <translation>すべての項目</translation>
    </message>
    <message>
        <location filename="../../../app/ui/pages/system_planning.py" line="95"/>
        <source>Unanswered</source>
        <translation>未回答</translation>
    </message>
    <message>
        <location filename="../../../app/ui/pages/system_planning.py" line="96"/>
        <source>Needs follow-up</source>
        <translation>要フォロー</translation>
    </message>
    <message>
        <location filename="../../../app/ui/pages/system_planning.py" line="102"/>
        <source>Search</source>
        <translation>検索</translation>
    </message>
    <message>
        <location filename="../../../app/ui/pages/system_planning.py" line="103"/>
        <source>Search items, help and answers (Ctrl+F)</source>
        <translation>項目・説明・回答を検索(Ctrl+F)</translation>
    </message>
    <message>
        <location filename="../../../app/ui/pages/system_planning.py" line="112"/>
        <source>Answered or not applicable</source>
        <translation>回答済・対象外</translation>
    </message>
    <message>
        <location filename="../../../app/ui/pages/system_planning.py" line="126"/>
        <source>System-planning checklist</source>
        <translation>システム化計画チェックリスト</translation>
    </message>
    <message>
        <location filename="../../../app/ui/pages/system_planning.py" line="157"/>
        <source>Computed results</source>
        <translation>計算結果</translation>
    </message>
    <message>
        <location filename="../../../app/ui/pages/system_planning.py" line="162"/>
        <source>Capacity and infrastructure cost</source>
        <translation>キャパシティとインフラ費用</translation>
    </message>
    <message>
        <location filename="../../../app/ui/pages/system_planning.py" line="163"/>
        <source>Cost estimate</source>
        <translation>コスト見積もり</translation>
    </message>
    <message>
        <location filename="../../../app/ui/pages/system_planning.py" line="164"/>
        <source>Monitoring and operations</source>
        <translation>監視と運用</translation>
    </message>
    <message>
        <location filename="../../../app/ui/pages/system_planning.py" line="221"/>
        <source>%v of %m answered</source>
        <translation>%m 項目中 %v 項目回答済</translation>
    </message>
    <message>
        <location filename="../../../app/ui/pages/system_planning.py" line="297"/>
        <source>Select the whole table</source>
        <translation>表全体を選択</translation>
    </message>
    <message>
        <location filename="../../../app/ui/pages/system_planning.py" line="366"/>
        <source>Export</source>
        <translation>書き出し</translation>
    </message>
    <message>
        <location filename="../../../app/ui/pages/system_planning.py" line="377"/>
        <source>Wrote {0}</source>
        <translation>{0} に書き出しました</translation>
    </message>
    <message>
        <location filename="../../../app/ui/pages/system_planning.py" line="382"/>
        <source>Markdown (*.md)</source>
        <translation>Markdown (*.md)</translation>
    </message>
    <message>
        <location filename="../../../app/ui/pages/system_planning.py" line="385"/>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Excelブック (*.xlsx)</translation>
    </message>
</context>
</TS>
