<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja" sourcelanguage="en">
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
        <source>The whole project (answers with their history, hearing sessions and documents) in one file, to hand to a colleague or keep as a backup. Importing creates a new project; nothing existing changes.</source>
        <translation>プロジェクト全体(回答とその履歴、ヒアリングセッション、ドキュメント)を1つのファイルにまとめます。同僚への引き継ぎやバックアップに。読み込むと新しいプロジェクトが作られ、既存のものは変わりません。</translation>
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
        <translation>Markdownフォルダ(index.md)</translation>
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
        <translation>新しいフォルダに書き出す</translation>
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
        <source>Export project</source>
        <translation>プロジェクトの書き出し</translation>
    </message>
    <message>
        <source>Project files (*.json)</source>
        <translation>プロジェクトファイル (*.json)</translation>
    </message>
    <message>
        <source>Import project</source>
        <translation>プロジェクトの読み込み</translation>
    </message>
    <message>
        <source>Imported as “{0}”</source>
        <translation>「{0}」として読み込みました</translation>
    </message>
</context>
<context>
    <name>ProjectPropertiesDialog</name>
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
        <source>Last modified</source>
        <translation>最終更新</translation>
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
        <source>Delete “{0}” and everything in it? This cannot be undone.</source>
        <translation>「{0}」とその内容をすべて削除しますか? 元に戻せません。</translation>
    </message>
    <message>
        <source>Delete project</source>
        <translation>プロジェクトの削除</translation>
    </message>
</context>
</TS>
