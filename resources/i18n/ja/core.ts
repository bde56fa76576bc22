<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja" sourcelanguage="en">
<context>
    <name>Desktop</name>
    <message>
        <source>The desktop could not open this; open it yourself (you can copy it from here):
{0}</source>
        <translation>デスクトップで開けませんでした。次の場所を自分で開いてください(ここからコピーできます):
{0}</translation>
    </message>
</context>
<context>
    <name>ErrorReportDialog</name>
    <message>
        <source>“{0}” on the page “{1}”</source>
        <translation>ページ「{1}」の「{0}」</translation>
    </message>
    <message>
        <source>“{0}”</source>
        <translation>「{0}」</translation>
    </message>
    <message>
        <source>an action on the page “{0}”</source>
        <translation>ページ「{0}」での操作</translation>
    </message>
    <message>
        <source>an action in the window</source>
        <translation>ウィンドウでの操作</translation>
    </message>
    <message>
        <source>Something went wrong</source>
        <translation>問題が発生しました</translation>
    </message>
    <message>
        <source>{0} failed with an unexpected error.</source>
        <translation>{0}で予期しないエラーが起きました。</translation>
    </message>
    <message>
        <source>No saved data was lost: every change is written to the database in one step, so this action saved in full or not at all, and everything saved before is kept. You can carry on working.</source>
        <translation>保存済みのデータは失われていません。変更はすべて一度にまとめてデータベースに書き込むため、この操作は全部保存されたか、まったく保存されていないかのどちらかで、それまでに保存した内容はそのまま残っています。このまま作業を続けられます。</translation>
    </message>
    <message>
        <source>The details were written to the log file {0}. Copy the report and send it to us to help fix this.</source>
        <translation>詳細はログファイル {0} に書き込みました。修正のため、レポートをコピーして開発元に送ってください。</translation>
    </message>
    <message>
        <source>Open Log Folder</source>
        <translation>ログフォルダーを開く</translation>
    </message>
    <message>
        <source>Copy Report</source>
        <translation>レポートをコピー</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>コピーしました</translation>
    </message>
</context>
<context>
    <name>ItemEditor</name>
    <message>
        <source>Edit “{0}”</source>
        <translation>「{0}」を編集</translation>
    </message>
    <message>
        <source>Set status of “{0}”</source>
        <translation>「{0}」の状態を変更</translation>
    </message>
</context>
<context>
    <name>Page</name>
    <message>
        <source>More tools</source>
        <translation>その他のツール</translation>
    </message>
</context>
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
        <source>{0} was changed in another window or process since; nothing was overwritten and the page shows the current value.</source>
        <translation>{0}は、その後に別のウィンドウまたはプロセスで変更されました。上書きはしていません。画面には現在の値を表示しています。</translation>
    </message>
    <message>
        <source>This</source>
        <translation>この項目</translation>
    </message>
    <message>
        <source>{0} was deleted in another window or process since; nothing was changed.</source>
        <translation>{0}は、その後に別のウィンドウまたはプロセスで削除されました。何も変更していません。</translation>
    </message>
    <message>
        <source>The database is busy: another window or process is writing. Nothing was changed; try again in a moment.</source>
        <translation>データベースが使用中です(別のウィンドウまたはプロセスが書き込み中)。何も変更していません。少し待ってからもう一度お試しください。</translation>
    </message>
    <message>
        <source>The database is busy: another window or process is writing. Your input is kept; try again in a moment.</source>
        <translation>データベースが使用中です(別のウィンドウまたはプロセスが書き込み中)。入力内容は保持しています。少し待ってからもう一度お試しください。</translation>
    </message>
    <message>
        <source>the connection to the database server was lost ({0}); the app reconnects and reads the page again</source>
        <translation>データベースサーバーとの接続が切れました({0})。自動で再接続し、読み込み直します</translation>
    </message>
    <message>
        <source>the database server cannot be reached ({0}); the page is read again once it answers</source>
        <translation>データベースサーバーに接続できません({0})。接続が戻りしだい読み込み直します</translation>
    </message>
    <message>
        <source>the database file cannot be read ({0}): it is damaged. Restore a copy from the backups folder beside it</source>
        <translation>データベースファイルを読めません({0})。ファイルが壊れています。隣の backups フォルダーのコピーから戻してください</translation>
    </message>
    <message>
        <source>the database could not be read ({0}): its disk refused (unplugged, or failing). Check the disk; the page is read again</source>
        <translation>データベースを読めませんでした({0})。ディスクが応答しません(取り外されたか、故障しています)。ディスクを確認してください。読み込み直します</translation>
    </message>
    <message>
        <source>the database is busy: another window or process is writing; the page is read again in a moment</source>
        <translation>データベースが使用中です(別のウィンドウまたはプロセスが書き込み中)。少し後で読み込み直します</translation>
    </message>
</context>
<context>
    <name>messages</name>
    <message>
        <source>Folder</source>
        <translation>フォルダー</translation>
    </message>
    <message>
        <source>File</source>
        <translation>ファイル</translation>
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
