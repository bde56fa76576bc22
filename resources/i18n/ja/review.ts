<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja" sourcelanguage="en">
<context>
    <name>RadarChart</name>
    <message>
        <source>Radar chart</source>
        <translation>レーダーチャート</translation>
    </message>
    <message>
        <source>Now</source>
        <translation>現在</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>目標</translation>
    </message>
    <message>
        <source>No data</source>
        <translation>データがありません</translation>
    </message>
    <message>
        <source>A radar chart needs at least three axes</source>
        <translation>レーダーチャートには 3 つ以上の軸が必要です</translation>
    </message>
</context>
<context>
    <name>ReviewEditing</name>
    <message numerus="yes">
        <source>Accept (%n)</source>
        <translation>
            <numerusform>採用 (%n件)</numerusform>
        </translation>
    </message>
    <message>
        <source>Accept</source>
        <translation>採用</translation>
    </message>
    <message numerus="yes">
        <source>Accept the suggestions of the %n selected item(s) that have some, as one undo step</source>
        <translation>
            <numerusform>選択した項目のうち提案のある %n 件の提案を採用します (元に戻すは1回)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Make a WBS task (%n)</source>
        <translation>
            <numerusform>WBSタスクにする (%n件)</numerusform>
        </translation>
    </message>
    <message>
        <source>Make a WBS task</source>
        <translation>WBSタスクにする</translation>
    </message>
    <message numerus="yes">
        <source>Make a WBS task of each of the %n selected unmet item(s) without one, as one undo step</source>
        <translation>
            <numerusform>選択した項目のうち未達成でタスクのない %n 件をそれぞれWBSタスクにします (元に戻すは1回)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Accept the suggestions for %n item(s)</source>
        <translation>
            <numerusform>%n 件の項目の提案を採用</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Accept %n suggestion(s) in {0}</source>
        <translation>
            <numerusform>{0} の提案 %n 件を採用</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Make %n WBS task(s)</source>
        <translation>
            <numerusform>WBSタスクを %n 件作成</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReviewPage</name>
    <message>
        <source>Review</source>
        <translation>レビュー</translation>
    </message>
    <message>
        <source>Export report</source>
        <translation>報告書をエクスポート</translation>
    </message>
    <message>
        <source>Export the review report</source>
        <translation>レビュー報告書をエクスポート</translation>
    </message>
    <message>
        <source>Markdown (.md)…</source>
        <translation>Markdown(.md)…</translation>
    </message>
    <message>
        <source>HTML with charts (.html)…</source>
        <translation>図つきHTML(.html)…</translation>
    </message>
    <message>
        <source>PDF (.pdf)…</source>
        <translation>PDF(.pdf)…</translation>
    </message>
    <message>
        <source>Excel workbook (.xlsx)…</source>
        <translation>Excelブック(.xlsx)…</translation>
    </message>
    <message>
        <source>Review checklists</source>
        <translation>レビューのチェックリスト</translation>
    </message>
    <message>
        <source>Accept</source>
        <translation>採用</translation>
    </message>
    <message>
        <source>Accept all</source>
        <translation>すべて採用</translation>
    </message>
    <message>
        <source>Make a WBS task</source>
        <translation>WBSタスクにする</translation>
    </message>
    <message>
        <source>Show the task</source>
        <translation>タスクを表示</translation>
    </message>
    <message>
        <source>Checklist items</source>
        <translation>チェックリストの項目</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>読み込み中…</translation>
    </message>
    <message>
        <source>Final score {0} · {1}/{2} scored</source>
        <translation>最終スコア {0} · {1}/{2} 評価済み</translation>
    </message>
    <message>
        <source>{0}/{1} met</source>
        <translation>{0}/{1} 達成</translation>
    </message>
    <message>
        <source> · {0} suggested</source>
        <translation> · 提案 {0} 件</translation>
    </message>
    <message>
        <source>the database is busy; it is saved again shortly</source>
        <translation>データベースが使用中です。まもなく再度保存します</translation>
    </message>
    <message>
        <source>paraphrased, with the source cited</source>
        <translation>言い換えて出典を明記</translation>
    </message>
    <message>
        <source>Source: {0} · Licence: {1}</source>
        <translation>出典: {0} · ライセンス: {1}</translation>
    </message>
    <message numerus="yes">
        <source>%n suggestion(s) from what the project already knows</source>
        <translation>
            <numerusform>プロジェクトで分かっていることからの提案が %n 件あります</numerusform>
        </translation>
    </message>
    <message>
        <source>No suggestions: everything the project knows is entered</source>
        <translation>提案はありません: プロジェクトで分かっていることはすべて入力済みです</translation>
    </message>
    <message>
        <source>Choose an item: double-click a cell to score it or to write its evidence.</source>
        <translation>項目を選んでください。セルをダブルクリックすると評価や根拠を入力できます。</translation>
    </message>
    <message>
        <source>Suggested {0}, because: {1}</source>
        <translation>提案 {0}。理由: {1}</translation>
    </message>
    <message>
        <source>{0} accepted from: {1}</source>
        <translation>{0} は次から採用: {1}</translation>
    </message>
    <message>
        <source>WBS task: {0} (double-click it to open)</source>
        <translation>WBSタスク: {0}(ダブルクリックで開く)</translation>
    </message>
    <message>
        <source>Review: {0}</source>
        <translation>レビュー: {0}</translation>
    </message>
    <message>
        <source>Accept the suggestion for {0}</source>
        <translation>{0} の提案を採用</translation>
    </message>
    <message>
        <source>Make a WBS task of {0}</source>
        <translation>{0} をWBSタスクにする</translation>
    </message>
    <message>
        <source>Markdown (*.md)</source>
        <translation>Markdown (*.md)</translation>
    </message>
    <message>
        <source>HTML (*.html)</source>
        <translation>HTML (*.html)</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Excelブック (*.xlsx)</translation>
    </message>
</context>
<context>
    <name>ReviewPictures</name>
    <message>
        <source>Final score {0} (the lowest section)</source>
        <translation>最終スコア {0}(最も低いセクション)</translation>
    </message>
    <message numerus="yes">
        <source>{0} · {1} of %n test(s) scored</source>
        <translation>
            <numerusform>{0} · %n 項目中 {1} 項目を評価済み</numerusform>
        </translation>
    </message>
    <message>
        <source>Final score at each agreement baseline, and now</source>
        <translation>合意ベースラインごとと現在の最終スコア</translation>
    </message>
    <message>
        <source>{0} of {1} at the level needed or above</source>
        <translation>{1} 項目中 {0} 項目が必要なレベル以上</translation>
    </message>
    <message>
        <source>Level needed: {0}</source>
        <translation>必要なレベル: {0}</translation>
    </message>
    <message>
        <source>Items at the level needed, at each agreement baseline and now</source>
        <translation>必要なレベル以上の項目数(合意ベースラインごとと現在)</translation>
    </message>
    <message>
        <source>Current</source>
        <translation>現状</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>目標</translation>
    </message>
    <message>
        <source>{0} of {1} at their target</source>
        <translation>{1} 項目中 {0} 項目が目標に到達</translation>
    </message>
    <message>
        <source>{0} below their target, {1} without a target</source>
        <translation>目標未達 {0} 項目、目標未設定 {1} 項目</translation>
    </message>
    <message>
        <source>Items at their target, at each agreement baseline and now</source>
        <translation>目標に到達した項目数(合意ベースラインごとと現在)</translation>
    </message>
    <message>
        <source>Now</source>
        <translation>現在</translation>
    </message>
    <message>
        <source>(no agreement baseline holds the review yet: File ▸ Baselines… makes one)</source>
        <translation>(レビューを含む合意ベースラインはまだありません: ファイル ▸ 合意ベースライン… で作成できます)</translation>
    </message>
</context>
<context>
    <name>ReviewTable</name>
    <message>
        <source>Evidence</source>
        <translation>根拠</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>メモ</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>スコア</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>レベル</translation>
    </message>
    <message>
        <source>Current</source>
        <translation>現状</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>目標</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>項目</translation>
    </message>
    <message>
        <source>Met</source>
        <translation>達成</translation>
    </message>
    <message>
        <source>Suggestion</source>
        <translation>提案</translation>
    </message>
    <message>
        <source>WBS task</source>
        <translation>WBSタスク</translation>
    </message>
    <message>
        <source>Not saved: {0}</source>
        <translation>保存されていません: {0}</translation>
    </message>
    <message>
        <source>Not met</source>
        <translation>未達</translation>
    </message>
</context>
<context>
    <name>ScoreHistory</name>
    <message>
        <source>Score history</source>
        <translation>スコアの推移</translation>
    </message>
    <message>
        <source>No data</source>
        <translation>データがありません</translation>
    </message>
</context>
<context>
    <name>SectionBars</name>
    <message>
        <source>Scores by section</source>
        <translation>セクション別スコア</translation>
    </message>
    <message>
        <source>No data</source>
        <translation>データがありません</translation>
    </message>
    <message>
        <source>lowest</source>
        <translation>最低</translation>
    </message>
</context>
</TS>
