<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja" sourcelanguage="en">
<context>
    <name>DraftLine</name>
    <message>
        <source>Discard what was typed</source>
        <translation>入力した内容を破棄</translation>
    </message>
    <message>
        <source>Show the stored proposal again: what was typed and not saved is dropped</source>
        <translation>保存済みの提案書を表示し直します。入力して保存されていない内容は破棄されます</translation>
    </message>
    <message>
        <source>Not saved yet: {0}</source>
        <translation>まだ保存されていません: {0}</translation>
    </message>
</context>
<context>
    <name>EffortModel</name>
    <message>
        <source>Task</source>
        <translation>タスク</translation>
    </message>
    <message>
        <source>(person-days)</source>
        <translation>(人日)</translation>
    </message>
    <message>
        <source>Work on the data-science side</source>
        <translation>データサイエンティスト側の作業</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>合計</translation>
    </message>
</context>
<context>
    <name>EffortPanel</name>
    <message>
        <source>Effort per task and role</source>
        <translation>タスク・ロールごとの工数</translation>
    </message>
    <message>
        <source>Use the template estimate</source>
        <translation>テンプレートの見積もりに戻す</translation>
    </message>
    <message>
        <source>Totalled from the WBS estimates (read-only here: change them in the WBS).</source>
        <translation>WBSの見積もりを集計しています(ここでは変更できません。WBSで変更してください)。</translation>
    </message>
    <message>
        <source>A rough estimate: double-click a number to change it. Once the WBS has estimates, they replace it.</source>
        <translation>概算です。数値をダブルクリックすると変更できます。WBSに見積もりが入ると、そちらに置き換わります。</translation>
    </message>
</context>
<context>
    <name>LibraryDialog</name>
    <message>
        <source>Add problems from the library</source>
        <translation>ライブラリから課題を追加</translation>
    </message>
    <message>
        <source>Tick the problems to add to the proposal. Problems already in it are not listed.</source>
        <translation>提案に追加する課題にチェックを入れてください。すでに提案にある課題は表示されません。</translation>
    </message>
    <message>
        <source>Every problem of the library is already in the proposal.</source>
        <translation>ライブラリの課題はすべて提案に入っています。</translation>
    </message>
    <message>
        <source>Problems in the library</source>
        <translation>ライブラリの課題</translation>
    </message>
</context>
<context>
    <name>LibraryModel</name>
    <message>
        <source>Problem</source>
        <translation>課題</translation>
    </message>
    <message>
        <source>Countermeasure</source>
        <translation>対策案</translation>
    </message>
    <message>
        <source>Bites in</source>
        <translation>顕在化するフェーズ</translation>
    </message>
    <message>
        <source>Addressed by</source>
        <translation>対応するタスク</translation>
    </message>
</context>
<context>
    <name>PreviewPane</name>
    <message>
        <source>Preview of the proposal</source>
        <translation>導入提案のプレビュー</translation>
    </message>
    <message>
        <source>The preview shows the first {0} of the {1} problems; the export holds them all.</source>
        <translation>プレビューには課題 {1} 件のうち最初の {0} 件を表示しています。出力にはすべて含まれます。</translation>
    </message>
</context>
<context>
    <name>ProblemsModel</name>
    <message>
        <source>Problem</source>
        <translation>課題</translation>
    </message>
    <message>
        <source>Countermeasure</source>
        <translation>対策案</translation>
    </message>
    <message>
        <source>Bites in</source>
        <translation>顕在化するフェーズ</translation>
    </message>
    <message>
        <source>Addressed by</source>
        <translation>対応するタスク</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>出典</translation>
    </message>
    <message>
        <source>Own</source>
        <translation>独自</translation>
    </message>
    <message>
        <source>Library (reworded)</source>
        <translation>ライブラリ(文言変更)</translation>
    </message>
    <message>
        <source>Library</source>
        <translation>ライブラリ</translation>
    </message>
    <message>
        <source>Edit problem</source>
        <translation>課題を編集</translation>
    </message>
    <message>
        <source>Edit countermeasure</source>
        <translation>対策案を編集</translation>
    </message>
    <message>
        <source>Change phase</source>
        <translation>フェーズを変更</translation>
    </message>
    <message>
        <source>Change task</source>
        <translation>タスクを変更</translation>
    </message>
    <message>
        <source>Paste into problems</source>
        <translation>課題に貼り付け</translation>
    </message>
    <message>
        <source>Row {0}, {1}: “{2}” could be more than one choice ({3}): nothing was pasted.</source>
        <translation>{0} 行目の{1}: 「{2}」は複数の選択肢 ({3}) に当てはまります: 何も貼り付けていません。</translation>
    </message>
    <message>
        <source>Row {0}, {1}: “{2}” is none of the choices ({3}): nothing was pasted.</source>
        <translation>{0} 行目の{1}: 「{2}」はどの選択肢 ({3}) でもありません: 何も貼り付けていません。</translation>
    </message>
    <message>
        <source>Row {0}, {1}: a problem from the library shows the library&apos;s wording where its cell is left blank. Type your own wording to change it, or remove the row.</source>
        <translation>{0}行目の{1}: ライブラリの課題は、セルを空にするとライブラリの文言を表示します。変えるには自分の文言を入力するか、行を削除してください。</translation>
    </message>
</context>
<context>
    <name>ProblemsPanel</name>
    <message>
        <source>Typical problems that surface in later phases when the PoC ignores them. Double-click a cell to reword it; a library row keeps its link and shows in the other language as the library has it until you reword it.</source>
        <translation>PoCで対策しないと後続フェーズで顕在化する代表的な課題です。セルをダブルクリックすると文言を変更できます。ライブラリの行は、文言を変更するまでは、もう一方の言語でもライブラリの文言で表示されます。</translation>
    </message>
    <message>
        <source>Problems and countermeasures</source>
        <translation>課題と対策案</translation>
    </message>
    <message>
        <source>Select all problems</source>
        <translation>すべての課題を選択</translation>
    </message>
    <message>
        <source>Add from library…</source>
        <translation>ライブラリから追加…</translation>
    </message>
    <message>
        <source>Add own problem</source>
        <translation>独自の課題を追加</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>削除</translation>
    </message>
    <message>
        <source>Move up</source>
        <translation>上へ</translation>
    </message>
    <message>
        <source>Move down</source>
        <translation>下へ</translation>
    </message>
    <message>
        <source>Add problems from the library</source>
        <translation>ライブラリから課題を追加</translation>
    </message>
    <message>
        <source>Remove problems</source>
        <translation>課題を削除</translation>
    </message>
    <message>
        <source>Move problem</source>
        <translation>課題を移動</translation>
    </message>
</context>
<context>
    <name>ProposalLoading</name>
    <message>
        <source>Loading…</source>
        <translation>読み込み中…</translation>
    </message>
</context>
<context>
    <name>ProposalPage</name>
    <message>
        <source>Kickoff proposal</source>
        <translation>導入提案</translation>
    </message>
    <message>
        <source>Document language:</source>
        <translation>ドキュメントの言語:</translation>
    </message>
    <message>
        <source>Document language of the proposal</source>
        <translation>導入提案のドキュメントの言語</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>書き出す…</translation>
    </message>
    <message>
        <source>Export the proposal as Markdown, HTML or PDF</source>
        <translation>導入提案をMarkdown・HTML・PDFに書き出す</translation>
    </message>
    <message>
        <source>Parts of the proposal</source>
        <translation>導入提案の構成</translation>
    </message>
    <message>
        <source>Texts</source>
        <translation>本文</translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>課題と対策</translation>
    </message>
    <message>
        <source>Scope &amp;&amp; schedule</source>
        <translation>スコープとスケジュール</translation>
    </message>
    <message>
        <source>Effort</source>
        <translation>工数</translation>
    </message>
    <message>
        <source>The proposal</source>
        <translation>導入提案書</translation>
    </message>
    <message>
        <source>Edit the proposal</source>
        <translation>提案書の編集</translation>
    </message>
    <message>
        <source>Edit “{0}”</source>
        <translation>「{0}」を編集</translation>
    </message>
    <message>
        <source>Use the template text for “{0}”</source>
        <translation>「{0}」をテンプレートの文章に戻す</translation>
    </message>
    <message>
        <source>Change effort of task {0}</source>
        <translation>タスク{0}の工数を変更</translation>
    </message>
    <message>
        <source>Use the template estimate</source>
        <translation>テンプレートの見積もりに戻す</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Standalone HTML (*.html)</source>
        <translation>単体のHTML (*.html)</translation>
    </message>
    <message>
        <source>Markdown (*.md)</source>
        <translation>Markdown (*.md)</translation>
    </message>
    <message>
        <source>Export the proposal</source>
        <translation>導入提案を書き出す</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>書き出し中…</translation>
    </message>
</context>
<context>
    <name>ScopeSchedulePanel</name>
    <message>
        <source>The scope is the hearing&apos;s answers for the level 0/1/2 components; the dates come from the WBS when it has them, otherwise from the PoC start and end agreed in the hearing.</source>
        <translation>スコープはヒアリングでのレベル0/1/2の各コンポーネントの回答です。日付はWBSにあればWBSから、なければヒアリングで確認したPoCの開始日・終了日から求めます。</translation>
    </message>
    <message>
        <source>Open the hearing</source>
        <translation>ヒアリングを開く</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>レベル</translation>
    </message>
    <message>
        <source>Component</source>
        <translation>コンポーネント</translation>
    </message>
    <message>
        <source>Scope</source>
        <translation>対象</translation>
    </message>
    <message>
        <source>Scope by maturity level</source>
        <translation>成熟度レベルごとのスコープ</translation>
    </message>
    <message>
        <source>Phase or task</source>
        <translation>フェーズ・タスク</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>開始</translation>
    </message>
    <message>
        <source>End</source>
        <translation>終了</translation>
    </message>
    <message>
        <source>Schedule overview</source>
        <translation>スケジュール概要</translation>
    </message>
</context>
<context>
    <name>SectionEditor</name>
    <message>
        <source>Use template text</source>
        <translation>テンプレートに戻す</translation>
    </message>
    <message>
        <source>Text of section “{0}”</source>
        <translation>「{0}」の本文</translation>
    </message>
    <message>
        <source>Use the template text for “{0}”</source>
        <translation>「{0}」をテンプレートの文章に戻す</translation>
    </message>
    <message>
        <source>(edited)</source>
        <translation>(編集済み)</translation>
    </message>
    <message>
        <source>(template)</source>
        <translation>(テンプレート)</translation>
    </message>
</context>
<context>
    <name>SectionsPanel</name>
    <message>
        <source>Proposal sections</source>
        <translation>導入提案の各節</translation>
    </message>
    <message>
        <source>Plain text: a line starting with “- ” or “・” is a bullet; everything else appears exactly as typed. Edits are saved as you type, for the document language chosen above.</source>
        <translation>プレーンテキストです。「- 」または「・」で始まる行は箇条書きになり、それ以外は入力したとおりに表示されます。入力した内容は、上で選んだドキュメントの言語の文章としてその場で保存されます。</translation>
    </message>
</context>
</TS>
