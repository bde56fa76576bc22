<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja" sourcelanguage="en">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About MLOps Kickoff</source>
        <translation>MLOps Kickoff について</translation>
    </message>
    <message>
        <source>Open Data Folder</source>
        <translation>データフォルダーを開く</translation>
    </message>
    <message>
        <source>About Qt</source>
        <translation>Qt について</translation>
    </message>
    <message>
        <source>Qt {0} and PySide6 are used under the GNU Lesser General Public License version 3 (LGPL-3.0). You may replace the Qt and PySide6 libraries of this installation with versions of your own, modified or not: they are separate files, loaded at start, in {1}. Their source code is available from {2}; the licence text is at {3}.</source>
        <translation>Qt {0} と PySide6 は GNU Lesser General Public License 第3版（LGPL-3.0）のもとで使用しています。このインストールの Qt と PySide6 のライブラリは、改変の有無を問わずご自身で用意した版に置き換えることができます。これらは起動時に読み込まれる別ファイルで、{1} にあります。ソースコードは {2} から入手でき、ライセンス本文は {3} にあります。</translation>
    </message>
    <message>
        <source>Plan the PoC phase of a customer ML project: hearing, WBS, proposal, experiment environment and system planning, with every document generated from one set of answers.</source>
        <translation>お客様のML案件のPoCフェーズを計画します。ヒアリング・WBS・提案書・実験環境・システム化計画の各ドキュメントを、ひとつの回答から作成します。</translation>
    </message>
    <message>
        <source>Licence: {0}</source>
        <translation>ライセンス: {0}</translation>
    </message>
    <message>
        <source>Where your data lives</source>
        <translation>データの保存場所</translation>
    </message>
    <message>
        <source>Data folder:</source>
        <translation>データフォルダー:</translation>
    </message>
    <message>
        <source>Database:</source>
        <translation>データベース:</translation>
    </message>
    <message>
        <source>Libraries and their licences</source>
        <translation>使用しているライブラリとライセンス</translation>
    </message>
    <message>
        <source>Library</source>
        <translation>ライブラリ</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>バージョン</translation>
    </message>
    <message>
        <source>Licence</source>
        <translation>ライセンス</translation>
    </message>
    <message>
        <source>Qt and the LGPL</source>
        <translation>Qt と LGPL</translation>
    </message>
    <message>
        <source>Review checklists: sources and licences</source>
        <translation>レビューのチェックリスト: 出典とライセンス</translation>
    </message>
    <message>
        <source>Checklist</source>
        <translation>チェックリスト</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>出典</translation>
    </message>
</context>
</TS>
