<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja" sourcelanguage="en">
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../../app/ui/main_window.py" line="54"/>
        <source>Pages</source>
        <translation>ページ</translation>
    </message>
    <message>
        <location filename="../../../app/ui/main_window.py" line="111"/>
        <source>Hearing progress</source>
        <translation>ヒアリングの進捗</translation>
    </message>
    <message>
        <location filename="../../../app/ui/main_window.py" line="114"/>
        <source>Hearing %p%</source>
        <translation>ヒアリング %p%</translation>
    </message>
    <message>
        <location filename="../../../app/ui/main_window.py" line="124"/>
        <source>Project</source>
        <translation>プロジェクト</translation>
    </message>
    <message>
        <location filename="../../../app/ui/main_window.py" line="127"/>
        <source>Project:</source>
        <translation>プロジェクト:</translation>
    </message>
    <message>
        <location filename="../../../app/ui/main_window.py" line="130"/>
        <source>Current project</source>
        <translation>現在のプロジェクト</translation>
    </message>
    <message>
        <location filename="../../../app/ui/main_window.py" line="146"/>
        <source>&amp;File</source>
        <translation>ファイル(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../../app/ui/main_window.py" line="148"/>
        <source>&amp;New Project…</source>
        <translation>新規プロジェクト(&amp;N)…</translation>
    </message>
    <message>
        <location filename="../../../app/ui/main_window.py" line="149"/>
        <source>&amp;Open Project…</source>
        <translation>プロジェクトを開く(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../../../app/ui/main_window.py" line="152"/>
        <source>Open &amp;Recent</source>
        <translation>最近使ったプロジェクト(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../../app/ui/main_window.py" line="157"/>
        <source>Project &amp;Properties…</source>
        <translation>プロジェクトのプロパティ(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../../../app/ui/main_window.py" line="158"/>
        <source>Re&amp;name Project…</source>
        <translation>プロジェクト名を変更(&amp;N)…</translation>
    </message>
    <message>
        <location filename="../../../app/ui/main_window.py" line="159"/>
        <source>&amp;Duplicate Project</source>
        <translation>プロジェクトを複製(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../../app/ui/main_window.py" line="160"/>
        <location filename="../../../app/ui/main_window.py" line="273"/>
        <source>&amp;Archive Project</source>
        <translation>プロジェクトをアーカイブ(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../../app/ui/main_window.py" line="161"/>
        <source>De&amp;lete Project…</source>
        <translation>プロジェクトを削除(&amp;L)…</translation>
    </message>
    <message>
        <location filename="../../../app/ui/main_window.py" line="165"/>
        <source>&amp;Quit</source>
        <translation>終了(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../../app/ui/main_window.py" line="169"/>
        <source>&amp;Edit</source>
        <translation>編集(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../../app/ui/main_window.py" line="171"/>
        <source>&amp;Undo</source>
        <translation>元に戻す(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../../app/ui/main_window.py" line="174"/>
        <source>&amp;Redo</source>
        <translation>やり直し(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../../app/ui/main_window.py" line="180"/>
        <source>&amp;Go</source>
        <translation>移動(&amp;G)</translation>
    </message>
    <message>
        <location filename="../../../app/ui/main_window.py" line="186"/>
        <source>&amp;Help</source>
        <translation>ヘルプ(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../../app/ui/main_window.py" line="188"/>
        <source>User &amp;Guide</source>
        <translation>ユーザーガイド(&amp;G)</translation>
    </message>
    <message>
        <location filename="../../../app/ui/main_window.py" line="189"/>
        <source>&amp;About MLOps Kickoff</source>
        <translation>MLOps Kickoff について(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../../app/ui/main_window.py" line="192"/>
        <source>All changes saved</source>
        <translation>すべての変更を保存済み</translation>
    </message>
    <message>
        <location filename="../../../app/ui/main_window.py" line="194"/>
        <source>Save state</source>
        <translation>保存状態</translation>
    </message>
    <message>
        <location filename="../../../app/ui/main_window.py" line="200"/>
        <source>Database: {0}</source>
        <translation>データベース: {0}</translation>
    </message>
    <message>
        <location filename="../../../app/ui/main_window.py" line="263"/>
        <source>No project open: File ▸ New Project or Open Project</source>
        <translation>プロジェクトが開かれていません: ファイル ▸ 新規プロジェクト または プロジェクトを開く</translation>
    </message>
    <message>
        <location filename="../../../app/ui/main_window.py" line="267"/>
        <source> (archived)</source>
        <translation>(アーカイブ済み)</translation>
    </message>
    <message>
        <location filename="../../../app/ui/main_window.py" line="273"/>
        <source>Restore Project</source>
        <translation>プロジェクトを復元</translation>
    </message>
    <message>
        <location filename="../../../app/ui/main_window.py" line="287"/>
        <source>Hearing {0}/{1} answered</source>
        <translation>ヒアリング {0}/{1} 回答済</translation>
    </message>
    <message>
        <location filename="../../../app/ui/main_window.py" line="289"/>
        <source>{0} to follow up</source>
        <translation>要フォロー {0}件</translation>
    </message>
    <message>
        <location filename="../../../app/ui/main_window.py" line="291"/>
        <source>{0} orphaned answers</source>
        <translation>孤立した回答 {0}件</translation>
    </message>
    <message>
        <location filename="../../../app/ui/main_window.py" line="295"/>
        <source>Saved {0}</source>
        <translation>{0} に保存</translation>
    </message>
    <message>
        <location filename="../../../app/ui/main_window.py" line="300"/>
        <source>New project</source>
        <translation>新規プロジェクト</translation>
    </message>
    <message>
        <location filename="../../../app/ui/main_window.py" line="300"/>
        <source>Project name:</source>
        <translation>プロジェクト名:</translation>
    </message>
    <message>
        <location filename="../../../app/ui/main_window.py" line="332"/>
        <source>No recent projects</source>
        <translation>最近使ったプロジェクトはありません</translation>
    </message>
    <message>
        <location filename="../../../app/ui/main_window.py" line="343"/>
        <source>Rename project</source>
        <translation>プロジェクト名の変更</translation>
    </message>
    <message>
        <location filename="../../../app/ui/main_window.py" line="343"/>
        <source>New name:</source>
        <translation>新しい名前:</translation>
    </message>
    <message>
        <location filename="../../../app/ui/main_window.py" line="380"/>
        <source>Delete “{0}” and everything in it? This cannot be undone.</source>
        <translation>「{0}」とその内容をすべて削除しますか? 元に戻せません。</translation>
    </message>
    <message>
        <location filename="../../../app/ui/main_window.py" line="381"/>
        <source>Delete project</source>
        <translation>プロジェクトの削除</translation>
    </message>
    <message>
        <location filename="../../../app/ui/main_window.py" line="396"/>
        <source>User Guide</source>
        <translation>ユーザーガイド</translation>
    </message>
    <message>
        <location filename="../../../app/ui/main_window.py" line="404"/>
        <source>The user guide is missing from this installation.</source>
        <translation>ユーザーガイドがインストールされていません。</translation>
    </message>
    <message>
        <location filename="../../../app/ui/main_window.py" line="412"/>
        <source>MLOps Kickoff {0}
Plan the PoC phase of a customer ML project: hearing, WBS, proposal, experiment environment and system planning, with every document generated from one set of answers.

Data folder: {1}</source>
        <translation>MLOps Kickoff {0}
顧客MLプロジェクトのPoCフェーズを計画します: ヒアリング、WBS、導入提案、実験環境構築、システム化計画。すべてのドキュメントを一つの回答から生成します。

データフォルダ: {1}</translation>
    </message>
    <message>
        <location filename="../../../app/ui/main_window.py" line="415"/>
        <source>About MLOps Kickoff</source>
        <translation>MLOps Kickoff について</translation>
    </message>
</context>
<context>
    <name>PlaceholderPage</name>
    <message>
        <location filename="../../../app/ui/pages/base.py" line="63"/>
        <source>This page is not built yet. Everything you enter elsewhere is kept and will feed it.</source>
        <translation>このページはまだ準備中です。他のページで入力した内容は保存され、このページに反映されます。</translation>
    </message>
</context>
<context>
    <name>ProjectPropertiesDialog</name>
    <message>
        <location filename="../../../app/ui/project_properties.py" line="32"/>
        <source>Project properties</source>
        <translation>プロジェクトのプロパティ</translation>
    </message>
    <message>
        <location filename="../../../app/ui/project_properties.py" line="40"/>
        <source>Set</source>
        <translation>設定する</translation>
    </message>
    <message>
        <location filename="../../../app/ui/project_properties.py" line="57"/>
        <source>Name</source>
        <translation>名前</translation>
    </message>
    <message>
        <location filename="../../../app/ui/project_properties.py" line="58"/>
        <source>Customer</source>
        <translation>顧客</translation>
    </message>
    <message>
        <location filename="../../../app/ui/project_properties.py" line="59"/>
        <source>Description</source>
        <translation>説明</translation>
    </message>
    <message>
        <location filename="../../../app/ui/project_properties.py" line="60"/>
        <source>Document language</source>
        <translation>ドキュメントの言語</translation>
    </message>
    <message>
        <location filename="../../../app/ui/project_properties.py" line="64"/>
        <location filename="../../../app/ui/project_properties.py" line="65"/>
        <source>PoC start</source>
        <translation>PoC開始日</translation>
    </message>
</context>
<context>
    <name>ProjectTableModel</name>
    <message>
        <location filename="../../../app/ui/projects_dialog.py" line="66"/>
        <source>Name</source>
        <translation>名前</translation>
    </message>
    <message>
        <location filename="../../../app/ui/projects_dialog.py" line="67"/>
        <source>Customer</source>
        <translation>顧客</translation>
    </message>
    <message>
        <location filename="../../../app/ui/projects_dialog.py" line="68"/>
        <source>Last modified</source>
        <translation>最終更新</translation>
    </message>
    <message>
        <location filename="../../../app/ui/projects_dialog.py" line="69"/>
        <source>Archived</source>
        <translation>アーカイブ</translation>
    </message>
    <message>
        <location filename="../../../app/ui/projects_dialog.py" line="89"/>
        <source>archived</source>
        <translation>アーカイブ済み</translation>
    </message>
</context>
<context>
    <name>ProjectsDialog</name>
    <message>
        <location filename="../../../app/ui/projects_dialog.py" line="103"/>
        <location filename="../../../app/ui/projects_dialog.py" line="109"/>
        <source>Projects</source>
        <translation>プロジェクト一覧</translation>
    </message>
    <message>
        <location filename="../../../app/ui/projects_dialog.py" line="118"/>
        <source>Show archived</source>
        <translation>アーカイブも表示</translation>
    </message>
    <message>
        <location filename="../../../app/ui/projects_dialog.py" line="125"/>
        <source>New…</source>
        <translation>新規…</translation>
    </message>
    <message>
        <location filename="../../../app/ui/projects_dialog.py" line="126"/>
        <source>Open</source>
        <translation>開く</translation>
    </message>
    <message>
        <location filename="../../../app/ui/projects_dialog.py" line="127"/>
        <source>Rename…</source>
        <translation>名前を変更…</translation>
    </message>
    <message>
        <location filename="../../../app/ui/projects_dialog.py" line="128"/>
        <source>Duplicate</source>
        <translation>複製</translation>
    </message>
    <message>
        <location filename="../../../app/ui/projects_dialog.py" line="129"/>
        <location filename="../../../app/ui/projects_dialog.py" line="173"/>
        <source>Archive</source>
        <translation>アーカイブ</translation>
    </message>
    <message>
        <location filename="../../../app/ui/projects_dialog.py" line="130"/>
        <source>Delete…</source>
        <translation>削除…</translation>
    </message>
    <message>
        <location filename="../../../app/ui/projects_dialog.py" line="139"/>
        <source>Close</source>
        <translation>閉じる</translation>
    </message>
    <message>
        <location filename="../../../app/ui/projects_dialog.py" line="173"/>
        <source>Restore</source>
        <translation>復元</translation>
    </message>
    <message>
        <location filename="../../../app/ui/projects_dialog.py" line="186"/>
        <source>New project</source>
        <translation>新規プロジェクト</translation>
    </message>
    <message>
        <location filename="../../../app/ui/projects_dialog.py" line="186"/>
        <source>Project name:</source>
        <translation>プロジェクト名:</translation>
    </message>
    <message>
        <location filename="../../../app/ui/projects_dialog.py" line="204"/>
        <source>Rename project</source>
        <translation>プロジェクト名の変更</translation>
    </message>
    <message>
        <location filename="../../../app/ui/projects_dialog.py" line="204"/>
        <source>New name:</source>
        <translation>新しい名前:</translation>
    </message>
    <message>
        <location filename="../../../app/ui/projects_dialog.py" line="230"/>
        <source>Delete “{0}” and everything in it? This cannot be undone.</source>
        <translation>「{0}」とその内容をすべて削除しますか? 元に戻せません。</translation>
    </message>
    <message>
        <location filename="../../../app/ui/projects_dialog.py" line="231"/>
        <source>Delete project</source>
        <translation>プロジェクトの削除</translation>
    </message>
</context>
<context>
    <name>messages</name>
    <message>
        <location filename="../../../app/ui/messages.py" line="24"/>
        <source>Something went wrong: {0}</source>
        <translation>問題が発生しました: {0}</translation>
    </message>
</context>
</TS>
