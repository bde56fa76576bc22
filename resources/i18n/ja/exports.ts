<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja" sourcelanguage="en">
<context>
    <name>ExportsPage</name>
    <message>
        <location filename="../../../app/ui/pages/exports.py" line="33"/>
        <source>Exports</source>
        <translation>エクスポート</translation>
    </message>
    <message>
        <location filename="../../../app/ui/pages/exports.py" line="41"/>
        <source>Document language:</source>
        <translation>ドキュメントの言語:</translation>
    </message>
    <message>
        <location filename="../../../app/ui/pages/exports.py" line="44"/>
        <source>Document language</source>
        <translation>ドキュメントの言語</translation>
    </message>
    <message>
        <location filename="../../../app/ui/pages/exports.py" line="52"/>
        <source>Project file (JSON)</source>
        <translation>プロジェクトファイル(JSON)</translation>
    </message>
    <message>
        <location filename="../../../app/ui/pages/exports.py" line="57"/>
        <source>The whole project (answers with their history, hearing sessions and documents) in one file, to hand to a colleague or keep as a backup. Importing creates a new project; nothing existing changes.</source>
        <translation>プロジェクト全体(回答とその履歴、ヒアリングセッション、ドキュメント)を1つのファイルにまとめます。同僚への引き継ぎやバックアップに。読み込むと新しいプロジェクトが作られ、既存のものは変わりません。</translation>
    </message>
    <message>
        <location filename="../../../app/ui/pages/exports.py" line="64"/>
        <source>Export project…</source>
        <translation>プロジェクトを書き出す…</translation>
    </message>
    <message>
        <location filename="../../../app/ui/pages/exports.py" line="66"/>
        <source>Export project to a JSON file</source>
        <translation>プロジェクトをJSONファイルに書き出す</translation>
    </message>
    <message>
        <location filename="../../../app/ui/pages/exports.py" line="68"/>
        <source>Import project…</source>
        <translation>プロジェクトを読み込む…</translation>
    </message>
    <message>
        <location filename="../../../app/ui/pages/exports.py" line="70"/>
        <source>Import a project from a JSON file</source>
        <translation>JSONファイルからプロジェクトを読み込む</translation>
    </message>
    <message>
        <location filename="../../../app/ui/pages/exports.py" line="82"/>
        <source>Documents</source>
        <translation>ドキュメント</translation>
    </message>
    <message>
        <location filename="../../../app/ui/pages/exports.py" line="93"/>
        <source>Export…</source>
        <translation>書き出す…</translation>
    </message>
    <message>
        <location filename="../../../app/ui/pages/exports.py" line="95"/>
        <source>Export {0}</source>
        <translation>{0}を書き出す</translation>
    </message>
    <message>
        <location filename="../../../app/ui/pages/exports.py" line="100"/>
        <source>No document kinds are installed.</source>
        <translation>出力できるドキュメントがありません。</translation>
    </message>
    <message>
        <location filename="../../../app/ui/pages/exports.py" line="115"/>
        <source>Export to a new folder</source>
        <translation>新しいフォルダに書き出す</translation>
    </message>
    <message>
        <location filename="../../../app/ui/pages/exports.py" line="121"/>
        <source>Export</source>
        <translation>書き出し</translation>
    </message>
    <message>
        <location filename="../../../app/ui/pages/exports.py" line="136"/>
        <location filename="../../../app/ui/pages/exports.py" line="168"/>
        <source>Wrote {0}</source>
        <translation>{0} に書き出しました</translation>
    </message>
    <message>
        <location filename="../../../app/ui/pages/exports.py" line="155"/>
        <source>Export project</source>
        <translation>プロジェクトの書き出し</translation>
    </message>
    <message>
        <location filename="../../../app/ui/pages/exports.py" line="155"/>
        <location filename="../../../app/ui/pages/exports.py" line="176"/>
        <source>Project files (*.json)</source>
        <translation>プロジェクトファイル (*.json)</translation>
    </message>
    <message>
        <location filename="../../../app/ui/pages/exports.py" line="176"/>
        <source>Import project</source>
        <translation>プロジェクトの読み込み</translation>
    </message>
    <message>
        <location filename="../../../app/ui/pages/exports.py" line="187"/>
        <source>Imported as “{0}”</source>
        <translation>「{0}」として読み込みました</translation>
    </message>
</context>
</TS>
