<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja" sourcelanguage="en">
<context>
    <name>CopyProjectDialog</name>
    <message>
        <source>Copy Project To</source>
        <translation>プロジェクトを別のデータベースにコピー</translation>
    </message>
    <message>
        <source>Copies “{0}” with its history (answers and their changes, sessions, documents, WBS) into another database: a SQLite file (made if it does not exist) or a team database&apos;s URL. This project stays as it is.</source>
        <translation>「{0}」を履歴ごと(回答とその変更、セッション、ドキュメント、WBS)別のデータベースにコピーします。コピー先は SQLite ファイル(なければ作ります)かチームのデータベースの URL です。このプロジェクトはそのまま残ります。</translation>
    </message>
    <message>
        <source>File path, or postgresql+psycopg://user@host/dbname</source>
        <translation>ファイルのパス、または postgresql+psycopg://ユーザー@ホスト/データベース名</translation>
    </message>
    <message>
        <source>Choose File…</source>
        <translation>ファイルを選択…</translation>
    </message>
    <message>
        <source>Copy to:</source>
        <translation>コピー先:</translation>
    </message>
    <message>
        <source>Only for a server that asks for one; never saved</source>
        <translation>サーバーが求める場合だけ入力します(保存されません)</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>パスワード:</translation>
    </message>
    <message>
        <source>Target:</source>
        <translation>コピー先(表示):</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>コピー</translation>
    </message>
    <message>
        <source>SQLite database (*.sqlite3 *.sqlite *.db);;All files (*)</source>
        <translation>SQLite データベース (*.sqlite3 *.sqlite *.db);;すべてのファイル (*)</translation>
    </message>
    <message>
        <source>Copying…</source>
        <translation>コピーしています…</translation>
    </message>
    <message>
        <source>Copied as “{0}” (id {1}) to {2}.</source>
        <translation>「{0}」(ID {1})として {2} にコピーしました。</translation>
    </message>
    <message>
        <source>The copy failed; nothing was written there.</source>
        <translation>コピーできませんでした。コピー先には何も書き込んでいません。</translation>
    </message>
</context>
<context>
    <name>DailyBackup</name>
    <message>
        <source>Daily backup</source>
        <translation>毎日のバックアップ</translation>
    </message>
</context>
<context>
    <name>ExportsPage</name>
    <message>
        <source>Exports</source>
        <translation>エクスポート</translation>
    </message>
    <message>
        <source>Document language:</source>
        <translation>ドキュメントの言語:</translation>
    </message>
    <message>
        <source>Document language</source>
        <translation>ドキュメントの言語</translation>
    </message>
    <message>
        <source>Project file (JSON)</source>
        <translation>プロジェクトファイル(JSON)</translation>
    </message>
    <message>
        <source>The whole project (answers with their history, hearing sessions and documents) in one file, to hand to a colleague or keep as a backup. Importing creates a new project; nothing existing changes. A file older than its project here (changed here since the file was written) is asked about first.</source>
        <translation>プロジェクト全体(回答とその履歴、ヒアリングセッション、ドキュメント)を1つのファイルにまとめます。同僚への引き継ぎやバックアップに。読み込むと新しいプロジェクトが作られ、既存のものは変わりません。ここにある元のプロジェクトより古いファイル(ファイルが書かれた後にここで変更されたもの)は、読み込む前に確認します。</translation>
    </message>
    <message>
        <source>Export project…</source>
        <translation>プロジェクトを書き出す…</translation>
    </message>
    <message>
        <source>Export project to a JSON file</source>
        <translation>プロジェクトをJSONファイルに書き出す</translation>
    </message>
    <message>
        <source>Import project…</source>
        <translation>プロジェクトを読み込む…</translation>
    </message>
    <message>
        <source>Import a project from a JSON file</source>
        <translation>JSONファイルからプロジェクトを読み込む</translation>
    </message>
    <message>
        <source>Documents</source>
        <translation>ドキュメント</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>書き出す…</translation>
    </message>
    <message>
        <source>Export {0}</source>
        <translation>{0}を書き出す</translation>
    </message>
    <message>
        <source>No document kinds are installed.</source>
        <translation>出力できるドキュメントがありません。</translation>
    </message>
    <message>
        <source>Wiki format</source>
        <translation>Wikiの形式</translation>
    </message>
    <message>
        <source>Markdown folder (index.md)</source>
        <translation>Markdownフォルダー(index.md)</translation>
    </message>
    <message>
        <source>GitHub wiki (Home.md, _Sidebar.md)</source>
        <translation>GitHub Wiki(Home.md、_Sidebar.md)</translation>
    </message>
    <message>
        <source>MkDocs site (mkdocs.yml, docs/)</source>
        <translation>MkDocsサイト(mkdocs.yml、docs/)</translation>
    </message>
    <message>
        <source>Export to a new folder</source>
        <translation>新しいフォルダーに書き出す</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>書き出し</translation>
    </message>
    <message>
        <source>Export project</source>
        <translation>プロジェクトの書き出し</translation>
    </message>
    <message>
        <source>Project files (*.json)</source>
        <translation>プロジェクトファイル (*.json)</translation>
    </message>
    <message>
        <source>Wrote {0}</source>
        <translation>{0} に書き出しました</translation>
    </message>
    <message>
        <source>Import project</source>
        <translation>プロジェクトの読み込み</translation>
    </message>
    <message>
        <source>Nothing was imported.</source>
        <translation>何も読み込んでいません。</translation>
    </message>
    <message>
        <source>Imported as “{0}”</source>
        <translation>「{0}」として読み込みました</translation>
    </message>
    <message>
        <source>{0}.

Import the file as a new project beside it? The project here does not change. (No: nothing is imported.)</source>
        <translation>{0}。

このファイルを新しいプロジェクトとして読み込みますか? ここのプロジェクトは変わりません(「いいえ」: 何も読み込みません)。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Delete “{0}” and everything in it? This cannot be undone.</source>
        <translation>「{0}」とその内容をすべて削除しますか? 元に戻せません。</translation>
    </message>
    <message>
        <source>{1} also has “{0}” open right now: what they type there will not be saved. Delete “{0}” and everything in it anyway? This cannot be undone.</source>
        <translation>{1} もいま「{0}」を開いています。そこで入力される内容は保存されません。それでも「{0}」とその内容をすべて削除しますか? 元に戻せません。</translation>
    </message>
    <message>
        <source>What was typed in it and not saved yet (drafts: {0}) is deleted with it.</source>
        <translation>ここで入力して保存されていない内容(下書き {0} 件)も一緒に削除されます。</translation>
    </message>
    <message>
        <source>Delete project</source>
        <translation>プロジェクトの削除</translation>
    </message>
</context>
<context>
    <name>ProjectPropertiesDialog</name>
    <message>
        <source>Edit project properties</source>
        <translation>プロジェクトのプロパティを変更</translation>
    </message>
    <message>
        <source>Project properties</source>
        <translation>プロジェクトのプロパティ</translation>
    </message>
    <message>
        <source>Set</source>
        <translation>設定する</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名前</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>顧客</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>説明</translation>
    </message>
    <message>
        <source>Document language</source>
        <translation>ドキュメントの言語</translation>
    </message>
    <message>
        <source>PoC start</source>
        <translation>PoC開始日</translation>
    </message>
</context>
<context>
    <name>ProjectTableModel</name>
    <message>
        <source>Name</source>
        <translation>名前</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>顧客</translation>
    </message>
    <message>
        <source>Last modified ({0})</source>
        <translation>最終更新 ({0})</translation>
    </message>
    <message>
        <source>Archived</source>
        <translation>アーカイブ</translation>
    </message>
    <message>
        <source>archived</source>
        <translation>アーカイブ済み</translation>
    </message>
</context>
<context>
    <name>ProjectsDialog</name>
    <message>
        <source>Rename project to “{0}”</source>
        <translation>プロジェクト名を「{0}」に変更</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名前</translation>
    </message>
    <message>
        <source>Projects</source>
        <translation>プロジェクト一覧</translation>
    </message>
    <message>
        <source>Show archived</source>
        <translation>アーカイブも表示</translation>
    </message>
    <message>
        <source>New…</source>
        <translation>新規…</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>開く</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>名前を変更…</translation>
    </message>
    <message>
        <source>Duplicate</source>
        <translation>複製</translation>
    </message>
    <message>
        <source>Archive</source>
        <translation>アーカイブ</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>削除…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>閉じる</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>復元</translation>
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
        <source>Rename project</source>
        <translation>プロジェクト名の変更</translation>
    </message>
    <message>
        <source>New name:</source>
        <translation>新しい名前:</translation>
    </message>
    <message>
        <source>Duplicating…</source>
        <translation>複製しています…</translation>
    </message>
</context>
<context>
    <name>RestoreBackupDialog</name>
    <message>
        <source>Restore Backup</source>
        <translation>バックアップから戻す</translation>
    </message>
    <message>
        <source>Restoring replaces every project with the backup&apos;s. The database as it is now is backed up first, so you can come back to it; the undo history is cleared.</source>
        <translation>戻すと、すべてのプロジェクトがバックアップの内容に置き換わります。今のデータベースは先にバックアップするので、後からそこへ戻れます。元に戻す履歴は消去されます。</translation>
    </message>
    <message>
        <source>Backups</source>
        <translation>バックアップ一覧</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>サイズ</translation>
    </message>
    <message>
        <source>Made</source>
        <translation>作成のきっかけ</translation>
    </message>
    <message>
        <source>Date ({0})</source>
        <translation>日時 ({0})</translation>
    </message>
    <message>
        <source>Projects in the backup</source>
        <translation>バックアップ内のプロジェクト</translation>
    </message>
    <message>
        <source>No backups yet. One is made every day the app is in use, and before an update changes the database.</source>
        <translation>まだバックアップはありません。アプリを使った日ごとに 1 回と、更新でデータベースが変わる前に作成されます。</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>戻す</translation>
    </message>
    <message>
        <source>Projects: {0}</source>
        <translation>プロジェクト: {0} 件</translation>
    </message>
    <message>
        <source> (archived)</source>
        <translation>(アーカイブ済み)</translation>
    </message>
    <message>
        <source>{0}{1}: answers {2}, WBS tasks {3}</source>
        <translation>{0}{1}: 回答 {2} 件、WBS タスク {3} 件</translation>
    </message>
    <message>
        <source>The backup is restored once the work still running (an export, a schedule) is done.</source>
        <translation>実行中の処理(書き出し、スケジュールなど)が終わり次第、バックアップから戻します。</translation>
    </message>
    <message>
        <source>The backup chosen is not restored yet: it waits for the work still running. Close without restoring it?</source>
        <translation>選んだバックアップはまだ戻していません(実行中の処理が終わるのを待っています)。戻さずに閉じますか?</translation>
    </message>
    <message>
        <source>Drafts not saved ({0}) are kept as drafts, not written into the restored data: each is shown again with its project. Restore anyway?</source>
        <translation>保存されていない下書き {0} 件は下書きのまま残り、戻したデータには書き込みません(プロジェクトを開くと、また表示します)。それでも戻しますか?</translation>
    </message>
    <message>
        <source>The backup was restored and the window reloaded; the undo history was cleared. The database as it was before is kept as {0}.</source>
        <translation>バックアップから戻し、ウィンドウを読み込み直しました。元に戻す履歴は消去されました。戻す前のデータベースは {0} として保存してあります。</translation>
    </message>
</context>
<context>
    <name>page</name>
    <message>
        <source>Wrote {0}</source>
        <translation>{0} に書き出しました</translation>
    </message>
</context>
</TS>
