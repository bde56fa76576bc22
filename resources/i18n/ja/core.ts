<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja" sourcelanguage="en">
<context>
    <name>PlaceholderPage</name>
    <message>
        <source>This page is not built yet. Everything you enter elsewhere is kept and will feed it.</source>
        <translation>このページはまだ準備中です。他のページで入力した内容は保存され、このページに反映されます。</translation>
    </message>
</context>
<context>
    <name>QFileDialog</name>
    <message>
        <source>&amp;Look in:</source>
        <translation>場所(&amp;L):</translation>
    </message>
    <message>
        <source>Files of &amp;type:</source>
        <translation>ファイルの種類(&amp;T):</translation>
    </message>
</context>
<context>
    <name>errors</name>
    <message>
        <source>Kickoff proposal</source>
        <translation>導入提案</translation>
    </message>
    <message>
        <source>Experiment environment</source>
        <translation>実験環境</translation>
    </message>
    <message>
        <source>Data platform &amp; CI</source>
        <translation>データ基盤・CI</translation>
    </message>
    <message>
        <source>WBS</source>
        <translation>WBS</translation>
    </message>
    <message>
        <source>{0} was changed in another window or process since; nothing was overwritten and the page shows the current value.</source>
        <translation>{0}は、その後に別のウィンドウまたはプロセスで変更されました。上書きはしていません。画面には現在の値を表示しています。</translation>
    </message>
    <message>
        <source>This</source>
        <translation>この項目</translation>
    </message>
    <message>
        <source>The database is busy: another window or process is writing. Your input is kept; try again in a moment.</source>
        <translation>データベースが使用中です(別のウィンドウまたはプロセスが書き込み中)。入力内容は保持しています。少し待ってからもう一度お試しください。</translation>
    </message>
</context>
<context>
    <name>messages</name>
    <message>
        <source>Something went wrong: {0}</source>
        <translation>問題が発生しました: {0}</translation>
    </message>
</context>
<context>
    <name>operations</name>
    <message>
        <source>Redo</source>
        <translation>やり直し</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>元に戻す</translation>
    </message>
</context>
</TS>
