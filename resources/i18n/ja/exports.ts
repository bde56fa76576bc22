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
</TS>
