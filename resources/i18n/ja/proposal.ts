<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja" sourcelanguage="en">
<context>
    <name>EffortModel</name>
    <message>
        <location filename="../../../app/ui/proposal/effort_model.py" line="57"/>
        <source>Task</source>
        <translation>タスク</translation>
    </message>
    <message>
        <location filename="../../../app/ui/proposal/effort_model.py" line="58"/>
        <location filename="../../../app/ui/proposal/effort_model.py" line="59"/>
        <source>{0} (person-days)</source>
        <translation>{0}(人日)</translation>
    </message>
    <message>
        <location filename="../../../app/ui/proposal/effort_model.py" line="60"/>
        <source>Work on the data-science side</source>
        <translation>データサイエンティスト側の作業</translation>
    </message>
    <message>
        <location filename="../../../app/ui/proposal/effort_model.py" line="75"/>
        <source>Total</source>
        <translation>合計</translation>
    </message>
</context>
<context>
    <name>EffortPanel</name>
    <message>
        <location filename="../../../app/ui/proposal/panels.py" line="109"/>
        <source>Effort per task and role</source>
        <translation>タスク・ロールごとの工数</translation>
    </message>
    <message>
        <location filename="../../../app/ui/proposal/panels.py" line="119"/>
        <source>Use the template estimate</source>
        <translation>テンプレートの見積もりに戻す</translation>
    </message>
    <message>
        <location filename="../../../app/ui/proposal/panels.py" line="130"/>
        <source>Totalled from the WBS estimates (read-only here: change them in the WBS).</source>
        <translation>WBSの見積もりを集計しています(ここでは変更できません。WBSで変更してください)。</translation>
    </message>
    <message>
        <location filename="../../../app/ui/proposal/panels.py" line="133"/>
        <source>A rough estimate: double-click a number to change it. Once the WBS has estimates, they replace it.</source>
        <translation>概算です。数値をダブルクリックすると変更できます。WBSに見積もりが入ると、そちらに置き換わります。</translation>
    </message>
</context>
<context>
    <name>LibraryDialog</name>
    <message>
        <location filename="../../../app/ui/proposal/library_dialog.py" line="91"/>
        <source>Add problems from the library</source>
        <translation>ライブラリから課題を追加</translation>
    </message>
    <message>
        <location filename="../../../app/ui/proposal/library_dialog.py" line="96"/>
        <source>Tick the problems to add to the proposal. Problems already in it are not listed.</source>
        <translation>提案に追加する課題にチェックを入れてください。すでに提案にある課題は表示されません。</translation>
    </message>
    <message>
        <location filename="../../../app/ui/proposal/library_dialog.py" line="98"/>
        <source>Every problem of the library is already in the proposal.</source>
        <translation>ライブラリの課題はすべて提案に入っています。</translation>
    </message>
    <message>
        <location filename="../../../app/ui/proposal/library_dialog.py" line="104"/>
        <source>Problems in the library</source>
        <translation>ライブラリの課題</translation>
    </message>
</context>
<context>
    <name>LibraryModel</name>
    <message>
        <location filename="../../../app/ui/proposal/library_dialog.py" line="45"/>
        <source>Problem</source>
        <translation>課題</translation>
    </message>
    <message>
        <location filename="../../../app/ui/proposal/library_dialog.py" line="45"/>
        <source>Countermeasure</source>
        <translation>対策案</translation>
    </message>
    <message>
        <location filename="../../../app/ui/proposal/library_dialog.py" line="45"/>
        <source>Bites in</source>
        <translation>顕在化するフェーズ</translation>
    </message>
    <message>
        <location filename="../../../app/ui/proposal/library_dialog.py" line="45"/>
        <source>Addressed by</source>
        <translation>対応するタスク</translation>
    </message>
</context>
<context>
    <name>PreviewPane</name>
    <message>
        <location filename="../../../app/ui/proposal/preview.py" line="56"/>
        <source>Preview of the proposal</source>
        <translation>導入提案のプレビュー</translation>
    </message>
</context>
<context>
    <name>ProblemsModel</name>
    <message>
        <location filename="../../../app/ui/proposal/problems_model.py" line="60"/>
        <source>Problem</source>
        <translation>課題</translation>
    </message>
    <message>
        <location filename="../../../app/ui/proposal/problems_model.py" line="60"/>
        <source>Countermeasure</source>
        <translation>対策案</translation>
    </message>
    <message>
        <location filename="../../../app/ui/proposal/problems_model.py" line="60"/>
        <source>Bites in</source>
        <translation>顕在化するフェーズ</translation>
    </message>
    <message>
        <location filename="../../../app/ui/proposal/problems_model.py" line="60"/>
        <source>Addressed by</source>
        <translation>対応するタスク</translation>
    </message>
    <message>
        <location filename="../../../app/ui/proposal/problems_model.py" line="60"/>
        <source>Source</source>
        <translation>出典</translation>
    </message>
    <message>
        <location filename="../../../app/ui/proposal/problems_model.py" line="95"/>
        <source>Own</source>
        <translation>独自</translation>
    </message>
    <message>
        <location filename="../../../app/ui/proposal/problems_model.py" line="96"/>
        <source>Library (reworded)</source>
        <translation>ライブラリ(文言変更)</translation>
    </message>
    <message>
        <location filename="../../../app/ui/proposal/problems_model.py" line="96"/>
        <source>Library</source>
        <translation>ライブラリ</translation>
    </message>
    <message>
        <location filename="../../../app/ui/proposal/problems_model.py" line="128"/>
        <source>Edit problem</source>
        <translation>課題を編集</translation>
    </message>
    <message>
        <location filename="../../../app/ui/proposal/problems_model.py" line="128"/>
        <source>Edit countermeasure</source>
        <translation>対策案を編集</translation>
    </message>
    <message>
        <location filename="../../../app/ui/proposal/problems_model.py" line="135"/>
        <source>Change phase</source>
        <translation>フェーズを変更</translation>
    </message>
    <message>
        <location filename="../../../app/ui/proposal/problems_model.py" line="144"/>
        <source>Change task</source>
        <translation>タスクを変更</translation>
    </message>
</context>
<context>
    <name>ProblemsPanel</name>
    <message>
        <location filename="../../../app/ui/proposal/problems_panel.py" line="35"/>
        <source>Typical problems that surface in later phases when the PoC ignores them. Double-click a cell to reword it; a library row keeps its link and shows in the other language as the library has it until you reword it.</source>
        <translation>PoCで対策しないと後続フェーズで顕在化する代表的な課題です。セルをダブルクリックすると文言を変更できます。ライブラリの行は、文言を変更するまでは、もう一方の言語でもライブラリの文言で表示されます。</translation>
    </message>
    <message>
        <location filename="../../../app/ui/proposal/problems_panel.py" line="47"/>
        <source>Problems and countermeasures</source>
        <translation>課題と対策案</translation>
    </message>
    <message>
        <location filename="../../../app/ui/proposal/problems_panel.py" line="53"/>
        <source>Select all problems</source>
        <translation>すべての課題を選択</translation>
    </message>
    <message>
        <location filename="../../../app/ui/proposal/problems_panel.py" line="71"/>
        <source>Add from library…</source>
        <translation>ライブラリから追加…</translation>
    </message>
    <message>
        <location filename="../../../app/ui/proposal/problems_panel.py" line="72"/>
        <location filename="../../../app/ui/proposal/problems_panel.py" line="118"/>
        <source>Add own problem</source>
        <translation>独自の課題を追加</translation>
    </message>
    <message>
        <location filename="../../../app/ui/proposal/problems_panel.py" line="73"/>
        <source>Remove</source>
        <translation>削除</translation>
    </message>
    <message>
        <location filename="../../../app/ui/proposal/problems_panel.py" line="74"/>
        <source>Move up</source>
        <translation>上へ</translation>
    </message>
    <message>
        <location filename="../../../app/ui/proposal/problems_panel.py" line="75"/>
        <source>Move down</source>
        <translation>下へ</translation>
    </message>
    <message>
        <location filename="../../../app/ui/proposal/problems_panel.py" line="111"/>
        <source>Add problems from the library</source>
        <translation>ライブラリから課題を追加</translation>
    </message>
    <message>
        <location filename="../../../app/ui/proposal/problems_panel.py" line="125"/>
        <source>Remove problems</source>
        <translation>課題を削除</translation>
    </message>
    <message>
        <location filename="../../../app/ui/proposal/problems_panel.py" line="131"/>
        <source>Move problem</source>
        <translation>課題を移動</translation>
    </message>
</context>
<context>
    <name>ProposalPage</name>
    <message>
        <location filename="../../../app/ui/pages/proposal.py" line="57"/>
        <source>Kickoff proposal</source>
        <translation>導入提案</translation>
    </message>
    <message>
        <location filename="../../../app/ui/pages/proposal.py" line="71"/>
        <source>Document language:</source>
        <translation>ドキュメントの言語:</translation>
    </message>
    <message>
        <location filename="../../../app/ui/pages/proposal.py" line="74"/>
        <source>Document language of the proposal</source>
        <translation>導入提案のドキュメントの言語</translation>
    </message>
    <message>
        <location filename="../../../app/ui/pages/proposal.py" line="79"/>
        <source>Export…</source>
        <translation>書き出す…</translation>
    </message>
    <message>
        <location filename="../../../app/ui/pages/proposal.py" line="81"/>
        <source>Export the proposal as Markdown, HTML or PDF</source>
        <translation>導入提案をMarkdown・HTML・PDFに書き出す</translation>
    </message>
    <message>
        <location filename="../../../app/ui/pages/proposal.py" line="94"/>
        <source>Parts of the proposal</source>
        <translation>導入提案の構成</translation>
    </message>
    <message>
        <location filename="../../../app/ui/pages/proposal.py" line="98"/>
        <source>Texts</source>
        <translation>本文</translation>
    </message>
    <message>
        <location filename="../../../app/ui/pages/proposal.py" line="101"/>
        <source>Problems</source>
        <translation>課題と対策</translation>
    </message>
    <message>
        <location filename="../../../app/ui/pages/proposal.py" line="107"/>
        <source>Scope &amp;&amp; schedule</source>
        <translation>スコープとスケジュール</translation>
    </message>
    <message>
        <location filename="../../../app/ui/pages/proposal.py" line="108"/>
        <source>Effort</source>
        <translation>工数</translation>
    </message>
    <message>
        <location filename="../../../app/ui/pages/proposal.py" line="241"/>
        <source>Edit “{0}”</source>
        <translation>「{0}」を編集</translation>
    </message>
    <message>
        <location filename="../../../app/ui/pages/proposal.py" line="253"/>
        <source>Use the template text for “{0}”</source>
        <translation>「{0}」をテンプレートの文章に戻す</translation>
    </message>
    <message>
        <location filename="../../../app/ui/pages/proposal.py" line="268"/>
        <source>Change effort of task {0}</source>
        <translation>タスク{0}の工数を変更</translation>
    </message>
    <message>
        <location filename="../../../app/ui/pages/proposal.py" line="272"/>
        <source>Use the template estimate</source>
        <translation>テンプレートの見積もりに戻す</translation>
    </message>
    <message>
        <location filename="../../../app/ui/pages/proposal.py" line="293"/>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../../app/ui/pages/proposal.py" line="293"/>
        <source>Standalone HTML (*.html)</source>
        <translation>単体のHTML (*.html)</translation>
    </message>
    <message>
        <location filename="../../../app/ui/pages/proposal.py" line="293"/>
        <source>Markdown (*.md)</source>
        <translation>Markdown (*.md)</translation>
    </message>
    <message>
        <location filename="../../../app/ui/pages/proposal.py" line="295"/>
        <source>Export the proposal</source>
        <translation>導入提案を書き出す</translation>
    </message>
    <message>
        <location filename="../../../app/ui/pages/proposal.py" line="307"/>
        <source>Exporting…</source>
        <translation>書き出し中…</translation>
    </message>
    <message>
        <location filename="../../../app/ui/pages/proposal.py" line="312"/>
        <source>Wrote {0}</source>
        <translation>{0} に書き出しました</translation>
    </message>
</context>
<context>
    <name>ScopeSchedulePanel</name>
    <message>
        <location filename="../../../app/ui/proposal/panels.py" line="51"/>
        <source>The scope is the hearing&apos;s answers for the level 0/1/2 components; the dates come from the WBS when it has them, otherwise from the PoC start and end agreed in the hearing.</source>
        <translation>スコープはヒアリングでのレベル0/1/2の各コンポーネントの回答です。日付はWBSにあればWBSから、なければヒアリングで確認したPoCの開始日・終了日から求めます。</translation>
    </message>
    <message>
        <location filename="../../../app/ui/proposal/panels.py" line="58"/>
        <source>Open the hearing</source>
        <translation>ヒアリングを開く</translation>
    </message>
    <message>
        <location filename="../../../app/ui/proposal/panels.py" line="63"/>
        <source>Level</source>
        <translation>レベル</translation>
    </message>
    <message>
        <location filename="../../../app/ui/proposal/panels.py" line="63"/>
        <source>Component</source>
        <translation>コンポーネント</translation>
    </message>
    <message>
        <location filename="../../../app/ui/proposal/panels.py" line="63"/>
        <source>Scope</source>
        <translation>対象</translation>
    </message>
    <message>
        <location filename="../../../app/ui/proposal/panels.py" line="64"/>
        <source>Scope by maturity level</source>
        <translation>成熟度レベルごとのスコープ</translation>
    </message>
    <message>
        <location filename="../../../app/ui/proposal/panels.py" line="67"/>
        <source>Phase or task</source>
        <translation>フェーズ・タスク</translation>
    </message>
    <message>
        <location filename="../../../app/ui/proposal/panels.py" line="67"/>
        <source>Start</source>
        <translation>開始</translation>
    </message>
    <message>
        <location filename="../../../app/ui/proposal/panels.py" line="67"/>
        <source>End</source>
        <translation>終了</translation>
    </message>
    <message>
        <location filename="../../../app/ui/proposal/panels.py" line="68"/>
        <source>Schedule overview</source>
        <translation>スケジュール概要</translation>
    </message>
</context>
<context>
    <name>SectionEditor</name>
    <message>
        <location filename="../../../app/ui/proposal/texts.py" line="54"/>
        <source>Use template text</source>
        <translation>テンプレートに戻す</translation>
    </message>
    <message>
        <location filename="../../../app/ui/proposal/texts.py" line="73"/>
        <source>Text of section “{0}”</source>
        <translation>「{0}」の本文</translation>
    </message>
    <message>
        <location filename="../../../app/ui/proposal/texts.py" line="74"/>
        <source>Use the template text for “{0}”</source>
        <translation>「{0}」をテンプレートの文章に戻す</translation>
    </message>
    <message>
        <location filename="../../../app/ui/proposal/texts.py" line="86"/>
        <source>(edited)</source>
        <translation>(編集済み)</translation>
    </message>
    <message>
        <location filename="../../../app/ui/proposal/texts.py" line="86"/>
        <source>(template)</source>
        <translation>(テンプレート)</translation>
    </message>
</context>
<context>
    <name>SectionsPanel</name>
    <message>
        <location filename="../../../app/ui/proposal/texts.py" line="130"/>
        <source>Proposal sections</source>
        <translation>導入提案の各節</translation>
    </message>
    <message>
        <location filename="../../../app/ui/proposal/texts.py" line="137"/>
        <source>Plain text: a line starting with “- ” or “・” is a bullet; everything else appears exactly as typed. Edits are saved as you type, for the document language chosen above.</source>
        <translation>プレーンテキストです。「- 」または「・」で始まる行は箇条書きになり、それ以外は入力したとおりに表示されます。入力した内容は、上で選んだドキュメントの言語の文章としてその場で保存されます。</translation>
    </message>
</context>
</TS>
