<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja" sourcelanguage="en">
<context>
    <name>ConflictDialog</name>
    <message>
        <source>Changed elsewhere</source>
        <translation>別の場所で変更されています</translation>
    </message>
    <message>
        <source>{0} was changed by {1} after you opened it. Which text should be kept?</source>
        <translation>{0}は、開いた後に{1}さんが変更しました。どちらの内容を残しますか?</translation>
    </message>
    <message>
        <source>{0} was changed elsewhere after you opened it. Which text should be kept?</source>
        <translation>{0}は、開いた後に別の場所で変更されました。どちらの内容を残しますか?</translation>
    </message>
    <message>
        <source>Saved by the other</source>
        <translation>相手が保存した内容</translation>
    </message>
    <message>
        <source>Typed by you</source>
        <translation>あなたが入力した内容</translation>
    </message>
    <message>
        <source>Merged text (edit it, then save):</source>
        <translation>結合した内容(編集してから保存):</translation>
    </message>
    <message>
        <source>Keep theirs</source>
        <translation>相手の内容を残す</translation>
    </message>
    <message>
        <source>Use mine</source>
        <translation>自分の内容で上書き</translation>
    </message>
    <message>
        <source>Merge…</source>
        <translation>結合する…</translation>
    </message>
    <message>
        <source>Save merged text</source>
        <translation>結合した内容を保存</translation>
    </message>
</context>
<context>
    <name>HelpDialog</name>
    <message>
        <source>User Guide</source>
        <translation>ユーザーガイド</translation>
    </message>
    <message>
        <source>The user guide is missing from this installation.</source>
        <translation>このインストールにはユーザーガイドがありません。</translation>
    </message>
</context>
<context>
    <name>HolidaysTab</name>
    <message>
        <source>Days the company does not work, beside weekends and national holidays. The WBS schedule of every project skips them (in the window and on the command line). Each change is saved at once; Edit ▸ Undo takes it back.</source>
        <translation>土日・祝日のほかに会社が休む日です。すべてのプロジェクトのWBS日程でこれらの日を除きます(画面でもコマンドラインでも)。変更はすぐに保存され、編集 ▸ 元に戻すで取り消せます。</translation>
    </message>
    <message>
        <source>Company holidays</source>
        <translation>会社休日</translation>
    </message>
    <message>
        <source>Date of the holiday</source>
        <translation>休日の日付</translation>
    </message>
    <message>
        <source>Name of the holiday</source>
        <translation>休日の名前</translation>
    </message>
    <message>
        <source>Name (e.g. summer holidays)</source>
        <translation>名前(例: 夏季休暇)</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>追加</translation>
    </message>
    <message>
        <source>Year of the year-end holidays</source>
        <translation>年末年始の年</translation>
    </message>
    <message>
        <source>Add year-end holidays 12/29–1/3</source>
        <translation>年末年始 12/29–1/3 を追加</translation>
    </message>
    <message>
        <source>Import .ics…</source>
        <translation>.icsを取り込む…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>削除</translation>
    </message>
    <message>
        <source>The company holiday typed before and not added is back in Company holidays: Add or OK adds it, Cancel lets it go.</source>
        <translation>前に入力して追加していなかった会社休日を「会社休日」タブに戻しました。「追加」か OK で追加し、キャンセルで破棄します。</translation>
    </message>
    <message numerus="yes">
        <source>%n day(s) removed.</source>
        <translation>
            <numerusform>%n日を削除しました。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n day(s) added.</source>
        <translation>
            <numerusform>%n日を追加しました。</numerusform>
        </translation>
    </message>
    <message>
        <source>{0} is a company holiday already: “{1}”. Rename it “{2}”? No: it stays “{1}”, and what you typed stays in the row.</source>
        <translation>{0} はすでに会社休日「{1}」です。名前を「{2}」に変えますか？ いいえ: 「{1}」のままにし、入力した内容は入力欄に残します。</translation>
    </message>
    <message>
        <source>{0} is a company holiday already: “{1}”. Take its name away? No: it stays “{1}”, and what you typed stays in the row.</source>
        <translation>{0} はすでに会社休日「{1}」です。名前を消しますか？ いいえ: 「{1}」のままにし、入力した内容は入力欄に残します。</translation>
    </message>
    <message>
        <source>Not added: {0} stays “{1}”. What you typed stays in the row.</source>
        <translation>追加していません: {0} は「{1}」のままです。入力した内容は入力欄に残っています。</translation>
    </message>
    <message>
        <source>The holiday typed is not added: “{0}” is not a whole date. Finish the date and press OK again (or Add), or clear the name and the date to leave it out.</source>
        <translation>入力した休日はまだ追加していません: 「{0}」は日付として完全ではありません。日付を最後まで入力してもう一度 OK(または「追加」)を押すか、追加しないなら名前と日付を消してください。</translation>
    </message>
    <message>
        <source>Import company holidays</source>
        <translation>会社休日の取り込み</translation>
    </message>
    <message>
        <source>iCalendar files (*.ics)</source>
        <translation>iCalendarファイル (*.ics)</translation>
    </message>
</context>
<context>
    <name>ItemEditor</name>
    <message>
        <source>Answer</source>
        <translation>回答</translation>
    </message>
    <message>
        <source>Later answer</source>
        <translation>これからの回答</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>備考</translation>
    </message>
    <message>
        <source>Answered by</source>
        <translation>回答者</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状態</translation>
    </message>
    <message>
        <source>Follow-up owner</source>
        <translation>フォローアップの担当者</translation>
    </message>
    <message>
        <source>Follow-up due date</source>
        <translation>フォローアップの期限</translation>
    </message>
    <message>
        <source>Follow-up done</source>
        <translation>フォローアップ完了</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完了</translation>
    </message>
    <message>
        <source>Not done</source>
        <translation>未完了</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Pages</source>
        <translation>ページ</translation>
    </message>
    <message>
        <source>Hearing progress</source>
        <translation>ヒアリングの進捗</translation>
    </message>
    <message>
        <source>Hearing %p%</source>
        <translation>ヒアリング %p%</translation>
    </message>
    <message>
        <source>Project</source>
        <translation>プロジェクト</translation>
    </message>
    <message>
        <source>Project:</source>
        <translation>プロジェクト:</translation>
    </message>
    <message>
        <source>Current project</source>
        <translation>現在のプロジェクト</translation>
    </message>
    <message>
        <source>Save state</source>
        <translation>保存状態</translation>
    </message>
    <message>
        <source>Database: {0}</source>
        <translation>データベース: {0}</translation>
    </message>
    <message>
        <source>Saved {0}</source>
        <translation>{0} に保存</translation>
    </message>
    <message>
        <source>All changes saved</source>
        <translation>すべての変更を保存済み</translation>
    </message>
    <message>
        <source>No project open: File ▸ New Project or Open Project</source>
        <translation>プロジェクトが開かれていません: ファイル ▸ 新規プロジェクト または プロジェクトを開く</translation>
    </message>
    <message>
        <source> (archived)</source>
        <translation>(アーカイブ済み)</translation>
    </message>
    <message>
        <source>Restore Project</source>
        <translation>プロジェクトを復元</translation>
    </message>
    <message>
        <source>&amp;Archive Project</source>
        <translation>プロジェクトをアーカイブ(&amp;A)</translation>
    </message>
    <message>
        <source>“{0}” was deleted in another window or process. Open another project: File ▸ Open Project</source>
        <translation>「{0}」は別のウィンドウかプロセスで削除されました。ほかのプロジェクトを開いてください: ファイル ▸ プロジェクトを開く</translation>
    </message>
    <message>
        <source>Hearing {0}/{1} answered</source>
        <translation>ヒアリング {0}/{1} 回答済</translation>
    </message>
    <message>
        <source>System planning {0}/{1}</source>
        <translation>システム化計画 {0}/{1}</translation>
    </message>
    <message>
        <source>{0} to follow up</source>
        <translation>要フォロー {0}件</translation>
    </message>
    <message>
        <source>WBS: {0} without completion condition, {1} not agreed</source>
        <translation>WBS: 完了条件なし {0}件、未合意 {1}件</translation>
    </message>
    <message numerus="yes">
        <source>Offline: %n edit(s) waiting</source>
        <translation>
            <numerusform>オフライン: 未保存の編集 %n 件</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n draft(s) not saved, not on disk either: closing the window loses them</source>
        <translation>
            <numerusform>%n 件の下書きが未保存で、ディスクにも書き込めていません(ウィンドウを閉じると失われます)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n draft(s) not saved</source>
        <translation>
            <numerusform>%n 件の下書きが未保存です</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Also open in %n other window(s)</source>
        <translation>
            <numerusform>ほかに %n 個のウィンドウで開かれています</numerusform>
        </translation>
    </message>
    <message>
        <source>Not read: {0}</source>
        <translation>読み込めません: {0}</translation>
    </message>
    <message numerus="yes">
        <source>%n draft(s) not saved, and not kept on disk either ({0}): closing the window loses them. Free some space (they are then written again by themselves), or copy the text first. Close and lose them?</source>
        <translation>
            <numerusform>未保存の下書きが %n 件あり、ディスクにも保持できていません({0})。ウィンドウを閉じると失われます。空きを作る(その後、自動で書き込み直します)か、先にテキストをコピーしてください。閉じて破棄しますか?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n draft(s) not saved: values that do not fit their item yet, or edits a busy database kept waiting. Close and lose them?</source>
        <translation>
            <numerusform>未保存の下書きが %n 件あります(項目に合わない値、またはデータベースが使用中で保存を待っている編集)。閉じて破棄しますか?</numerusform>
        </translation>
    </message>
    <message>
        <source>With: {0}</source>
        <translation>同時に編集中: {0}</translation>
    </message>
    <message numerus="yes">
        <source>%n orphaned answer(s)</source>
        <translation>
            <numerusform>孤立した回答 %n件</numerusform>
        </translation>
    </message>
    <message>
        <source>{0} also has this project open</source>
        <translation>{0} さんも開いています</translation>
    </message>
    <message>
        <source>Another window or process uses this database. Its changes appear here within a second; an edit of something it changed since you saw it asks before overwriting.</source>
        <translation>別のウィンドウまたはプロセスがこのデータベースを使っています。その変更は1秒以内にここに表示されます。表示後に相手が変更した箇所を編集すると、上書きする前に確認します。</translation>
    </message>
    <message>
        <source>Not saved: {0}</source>
        <translation>未保存: {0}</translation>
    </message>
    <message>
        <source>Close MLOps Kickoff</source>
        <translation>MLOps Kickoff を閉じる</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>ファイル(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;New Project…</source>
        <translation>新規プロジェクト(&amp;N)…</translation>
    </message>
    <message>
        <source>&amp;Open Project…</source>
        <translation>プロジェクトを開く(&amp;O)…</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>最近使ったプロジェクト(&amp;R)</translation>
    </message>
    <message>
        <source>Project &amp;Properties…</source>
        <translation>プロジェクトのプロパティ(&amp;P)…</translation>
    </message>
    <message>
        <source>Rena&amp;me Project…</source>
        <translation>プロジェクト名を変更(&amp;M)…</translation>
    </message>
    <message>
        <source>&amp;Duplicate Project</source>
        <translation>プロジェクトを複製(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Copy Project To…</source>
        <translation>プロジェクトを別のデータベースにコピー(&amp;C)…</translation>
    </message>
    <message>
        <source>De&amp;lete Project…</source>
        <translation>プロジェクトを削除(&amp;L)…</translation>
    </message>
    <message>
        <source>Suspect L&amp;inks…</source>
        <translation>要確認の項目(&amp;I)…</translation>
    </message>
    <message>
        <source>Ba&amp;selines…</source>
        <translation>合意ベースライン(&amp;S)…</translation>
    </message>
    <message>
        <source>Restore &amp;Backup…</source>
        <translation>バックアップから戻す(&amp;B)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>終了(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>編集(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>元に戻す(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>やり直し(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation>移動(&amp;G)</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>設定(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>設定(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>ヘルプ(&amp;H)</translation>
    </message>
    <message>
        <source>User &amp;Guide</source>
        <translation>ユーザーガイド(&amp;G)</translation>
    </message>
    <message>
        <source>&amp;Welcome…</source>
        <translation>ようこそ(&amp;W)…</translation>
    </message>
    <message>
        <source>&amp;About MLOps Kickoff</source>
        <translation>MLOps Kickoff について(&amp;A)</translation>
    </message>
    <message>
        <source>New project</source>
        <translation>新規プロジェクト</translation>
    </message>
    <message>
        <source>Project name:</source>
        <translation>プロジェクト名:</translation>
    </message>
    <message>
        <source>No recent projects</source>
        <translation>最近使ったプロジェクトはありません</translation>
    </message>
    <message>
        <source>Rename project</source>
        <translation>プロジェクト名の変更</translation>
    </message>
    <message>
        <source>New name:</source>
        <translation>新しい名前:</translation>
    </message>
    <message>
        <source>Duplicating “{0}”…</source>
        <translation>「{0}」を複製しています…</translation>
    </message>
</context>
<context>
    <name>OrphanDraftsDialog</name>
    <message>
        <source>Drafts of a Deleted Project</source>
        <translation>削除されたプロジェクトの下書き</translation>
    </message>
    <message>
        <source>Copy Text</source>
        <translation>テキストをコピー</translation>
    </message>
    <message>
        <source>Remove Drafts</source>
        <translation>下書きを削除</translation>
    </message>
    <message>
        <source>Keep for Now</source>
        <translation>今は残す</translation>
    </message>
    <message>
        <source>“{0}” was deleted; what was typed in it could not be saved and is kept as a draft:</source>
        <translation>「{0}」は削除されています。そこに入力された内容は保存できず、下書きとして残っています:</translation>
    </message>
    <message>
        <source>A deleted project: what was typed in it could not be saved and is kept as a draft:</source>
        <translation>削除されたプロジェクト: そこに入力された内容は保存できず、下書きとして残っています:</translation>
    </message>
    <message>
        <source>Drafts not listed here: {0}, of deleted projects not named here: {1}. Copy Text copies them all.</source>
        <translation>ここに表示していない下書き: {0} 件(名前を表示していない削除済みのプロジェクト: {1} 件)。「テキストをコピー」ですべてコピーできます。</translation>
    </message>
    <message>
        <source>Drafts not listed here: {0}. Copy Text copies them all.</source>
        <translation>ここに表示していない下書き: {0} 件。「テキストをコピー」ですべてコピーできます。</translation>
    </message>
    <message>
        <source>Copy the text to keep it elsewhere, then remove the drafts. Kept for now, they are shown again at the next start.</source>
        <translation>テキストをコピーして別の場所に残してから、下書きを削除してください。今は残す場合、次回の起動時にもう一度表示します。</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>コピーしました</translation>
    </message>
    <message>
        <source>Remove drafts</source>
        <translation>下書きの削除</translation>
    </message>
    <message>
        <source>Remove these drafts without copying their text? What was typed in them is lost.</source>
        <translation>テキストをコピーせずにこれらの下書きを削除しますか? 入力された内容は失われます。</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>設定</translation>
    </message>
    <message>
        <source>General</source>
        <translation>一般</translation>
    </message>
    <message>
        <source>Company holidays</source>
        <translation>会社休日</translation>
    </message>
    <message>
        <source>Exports</source>
        <translation>書き出し</translation>
    </message>
    <message>
        <source>Language of the window</source>
        <translation>画面の言語</translation>
    </message>
    <message>
        <source>Window language:</source>
        <translation>画面の言語:</translation>
    </message>
    <message>
        <source>Default document language of new projects</source>
        <translation>新しいプロジェクトのドキュメントの既定の言語</translation>
    </message>
    <message>
        <source>Same as the window</source>
        <translation>画面の言語と同じ</translation>
    </message>
    <message>
        <source>Documents of new projects:</source>
        <translation>新しいプロジェクトのドキュメント:</translation>
    </message>
    <message>
        <source>A document is written in the language chosen where it is exported, else in its project&apos;s document language (File ▸ Project Properties), else in the window&apos;s language.</source>
        <translation>ドキュメントは、書き出すときに選んだ言語、なければプロジェクトのドキュメントの言語(ファイル ▸ プロジェクトのプロパティ)、なければ画面の言語で書き出されます。</translation>
    </message>
    <message>
        <source>Your name as author</source>
        <translation>作成者としてのあなたの名前</translation>
    </message>
    <message>
        <source>Author name:</source>
        <translation>作成者名:</translation>
    </message>
    <message>
        <source>Data folder</source>
        <translation>データフォルダー</translation>
    </message>
    <message>
        <source>Move to…</source>
        <translation>移動先…</translation>
    </message>
    <message>
        <source>Data folder:</source>
        <translation>データフォルダー:</translation>
    </message>
    <message>
        <source>Set by MLOPS_KICKOFF_HOME; it cannot be moved from here.</source>
        <translation>MLOPS_KICKOFF_HOME で指定されているため、ここでは移動できません。</translation>
    </message>
    <message>
        <source>Team database</source>
        <translation>チームのデータベース</translation>
    </message>
    <message>
        <source>This computer&apos;s database (leave empty)</source>
        <translation>このパソコンのデータベース(空のまま)</translation>
    </message>
    <message>
        <source>Team database:</source>
        <translation>チームのデータベース:</translation>
    </message>
    <message>
        <source>Now: {0}. A team&apos;s PostgreSQL, such as postgresql+psycopg://kickoff@db.example.com/kickoff, is opened from the next start. Keep the password out of it: it belongs in ~/.pgpass (or a libpq service file).</source>
        <translation>現在: {0}。チームのPostgreSQL(例: postgresql+psycopg://kickoff@db.example.com/kickoff)は次回の起動から開きます。パスワードは含めず、~/.pgpass(または libpq のサービスファイル)に書いてください。</translation>
    </message>
    <message>
        <source>Backups to keep</source>
        <translation>保持するバックアップ数</translation>
    </message>
    <message>
        <source>Backups to keep:</source>
        <translation>保持するバックアップ数:</translation>
    </message>
    <message>
        <source>Issue-tracker CSV from the WBS: start with a UTF-8 BOM (for Excel on Windows)</source>
        <translation>WBSの課題管理CSV: 先頭にUTF-8 BOMを付ける(WindowsのExcel向け)</translation>
    </message>
    <message>
        <source>The Exports page uses these defaults. The hearing sheet and the WBS workbook (Excel, MS Project XML) have no other options: they are written in the project&apos;s document language, which the Exports page lets you change.</source>
        <translation>書き出しページはこの既定値を使います。ヒアリングシートとWBS(Excel、MS Project XML)にはほかのオプションはありません。プロジェクトのドキュメント言語で書き出され、言語は書き出しページで変えられます。</translation>
    </message>
    <message>
        <source>Move the data folder to</source>
        <translation>データフォルダーの移動先</translation>
    </message>
    <message>
        <source>No move: the data stays where it is.</source>
        <translation>移動しません。データは今の場所のままです。</translation>
    </message>
    <message>
        <source>At the next start the database and your folders are copied to {0} and the app uses that folder. The database is open now, so it is not moved while the app runs; the old folder is left as it was.</source>
        <translation>次回の起動時に、データベースとあなたのフォルダーを {0} にコピーし、以後そのフォルダーを使います。データベースは今開いているため、アプリの実行中には移動しません。元のフォルダーはそのまま残ります。</translation>
    </message>
</context>
</TS>
