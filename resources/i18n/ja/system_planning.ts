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
        <source>Run time / utilisation (target)</source>
        <translation>実行時間 / 使用率(目標)</translation>
    </message>
    <message>
        <source>Processing time</source>
        <translation>処理時間</translation>
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
        <source>OK: {0} at peak, target {1}; one spare (N+1)</source>
        <translation>OK: ピーク時{0}(目標{1})、予備1台(N+1)</translation>
    </message>
    <message>
        <source>OK: a run takes {0} h within the {1} h window</source>
        <translation>OK: 1回{0}時間でバッチウィンドウ{1}時間に収まる</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
</context>
<context>
    <name>CapacityPanel</name>
    <message>
        <source>Price the plan with</source>
        <translation>料金の種類</translation>
    </message>
    <message>
        <source>On-demand</source>
        <translation>オンデマンド</translation>
    </message>
    <message>
        <source>Reserved / savings plan (1 year)</source>
        <translation>リザーブド/Savings Plans(1年)</translation>
    </message>
    <message>
        <source>Spot (the price varies)</source>
        <translation>スポット(価格は変動)</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>リージョン</translation>
    </message>
    <message>
        <source>Prices in this project…</source>
        <translation>このプロジェクトの料金…</translation>
    </message>
    <message>
        <source>Show the prices copied into this project</source>
        <translation>このプロジェクトにコピーされた料金を表示</translation>
    </message>
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
    <message numerus="yes">
        <source>%n process(es) cannot meet a requirement</source>
        <translation>
            <numerusform>要件を満たせない処理 %n 件</numerusform>
        </translation>
    </message>
    <message>
        <source>Region as listed first</source>
        <translation>リージョン: カタログの先頭</translation>
    </message>
    <message>
        <source>Not copied into the project yet: {0}</source>
        <translation>まだプロジェクトにコピーされていない料金: {0}</translation>
    </message>
</context>
<context>
    <name>CatalogueDialog</name>
    <message>
        <source>Instance catalogue</source>
        <translation>インスタンスカタログ</translation>
    </message>
    <message>
        <source>Machine types and their hourly prices per region: on-demand, reserved (1 year, no upfront, or a savings plan) and spot (varies). A project copies the prices it uses, so saving here changes a project&apos;s cost only when it is updated to the catalogue. Saving keeps your own copy in the data folder.</source>
        <translation>リージョンごとのマシンタイプと時間単価: オンデマンド、リザーブド(1年・前払いなし、またはSavings Plans)、スポット(変動)。プロジェクトは使う料金をコピーして持つため、ここで保存してもプロジェクトの費用はカタログに更新したときだけ変わります。保存するとデータフォルダーに自分用のコピーを残します。</translation>
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
        <source>Close the catalogue and drop the changes made here?</source>
        <translation>カタログを閉じて、ここでの変更を破棄しますか?</translation>
    </message>
    <message>
        <source>Your catalogue file was changed outside MLOps Kickoff since this window opened. Replace it with the catalogue shown here?</source>
        <translation>この画面を開いた後に、カタログファイルが MLOps Kickoff の外で変更されました。ここに表示しているカタログで置き換えますか?</translation>
    </message>
    <message>
        <source>Your catalogue file was changed outside MLOps Kickoff since this window opened. Delete it anyway and go back to the shipped catalogue?</source>
        <translation>この画面を開いた後に、カタログファイルが MLOps Kickoff の外で変更されました。それでも削除して同梱のカタログに戻しますか?</translation>
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
        <source>Region</source>
        <translation>リージョン</translation>
    </message>
    <message>
        <source>On-demand price</source>
        <translation>オンデマンド単価</translation>
    </message>
    <message>
        <source>Reserved price</source>
        <translation>リザーブド単価</translation>
    </message>
    <message>
        <source>Spot price (variable)</source>
        <translation>スポット単価(変動)</translation>
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
        <source>Rows: {0} · by target: {1} · human in the loop: {2} · human labelling: {3}</source>
        <translation>{0}行 · 対象別: {1} · human in the loop: {2} · 人手ラベリング: {3}</translation>
    </message>
    <message>
        <source>Tasks: {0} · customer {1} · vendor {2} · us {3} · no owner {4}</source>
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
        <source>pays back in 1 month</source>
        <translation>1か月で回収</translation>
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
    <name>PricesDialog</name>
    <message>
        <source>Prices in this project</source>
        <translation>このプロジェクトの料金</translation>
    </message>
    <message>
        <source>The prices this project computes its cost with, copied from the instance catalogue when a machine type was first used. They travel with the project file; a change of the catalogue reaches the project only when you update it.</source>
        <translation>このプロジェクトが費用の計算に使う料金です。マシンタイプを最初に使ったときにインスタンスカタログからコピーされ、プロジェクトファイルと一緒に移動します。カタログを変更しても、更新するまでプロジェクトには反映されません。</translation>
    </message>
    <message>
        <source>Priced: {0}; region: {1}</source>
        <translation>料金: {0}、リージョン: {1}</translation>
    </message>
    <message>
        <source>as first listed per machine type</source>
        <translation>マシンタイプごとにカタログの先頭</translation>
    </message>
    <message>
        <source>Machine type</source>
        <translation>マシンタイプ</translation>
    </message>
    <message>
        <source>Provider</source>
        <translation>プロバイダー</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>リージョン</translation>
    </message>
    <message>
        <source>On-demand</source>
        <translation>オンデマンド</translation>
    </message>
    <message>
        <source>Reserved</source>
        <translation>リザーブド</translation>
    </message>
    <message>
        <source>Spot (variable)</source>
        <translation>スポット(変動)</translation>
    </message>
    <message>
        <source>Currency</source>
        <translation>通貨</translation>
    </message>
    <message>
        <source>As of</source>
        <translation>時点</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>出典</translation>
    </message>
    <message>
        <source>Not copied into the project yet (priced from the catalogue): {0}</source>
        <translation>まだプロジェクトにコピーされていない料金(カタログの料金で計算): {0}</translation>
    </message>
    <message>
        <source>What updating to the current catalogue changes:</source>
        <translation>現在のカタログに更新したときの変更点:</translation>
    </message>
    <message>
        <source>What updating to the current catalogue changes</source>
        <translation>現在のカタログに更新したときの変更点</translation>
    </message>
    <message>
        <source>Nothing: the project&apos;s prices are the catalogue&apos;s.</source>
        <translation>なし: プロジェクトの料金はカタログと同じです。</translation>
    </message>
    <message>
        <source>Update to the current catalogue</source>
        <translation>現在のカタログに更新</translation>
    </message>
    <message>
        <source>Update the project&apos;s prices to the current catalogue</source>
        <translation>プロジェクトの料金を現在のカタログに更新</translation>
    </message>
    <message>
        <source>on-demand</source>
        <translation>オンデマンド</translation>
    </message>
    <message>
        <source>reserved</source>
        <translation>リザーブド</translation>
    </message>
    <message>
        <source>spot</source>
        <translation>スポット</translation>
    </message>
    <message>
        <source>currency</source>
        <translation>通貨</translation>
    </message>
    <message>
        <source>as of</source>
        <translation>時点</translation>
    </message>
</context>
<context>
    <name>SystemPlanningPage</name>
    <message>
        <source>System planning</source>
        <translation>システム化計画</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>読み込み中…</translation>
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
        <source>Price the plan: {0}</source>
        <translation>料金の種類: {0}</translation>
    </message>
    <message>
        <source>Price the plan in region {0}</source>
        <translation>料金のリージョンを{0}にする</translation>
    </message>
    <message>
        <source>as first listed</source>
        <translation>カタログの先頭</translation>
    </message>
    <message>
        <source>Update the prices to the current catalogue</source>
        <translation>料金を現在のカタログに更新</translation>
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
        <source>Markdown (*.md)</source>
        <translation>Markdown (*.md)</translation>
    </message>
    <message>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Excelブック (*.xlsx)</translation>
    </message>
    <message>
        <source>Price choice of System planning: {0}</source>
        <translation>システム化計画の料金の選択: {0}</translation>
    </message>
</context>
</TS>
