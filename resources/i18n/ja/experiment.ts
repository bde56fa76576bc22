<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="ja" sourcelanguage="en">
<context>
    <name>ChoicesForm</name>
    <message>
        <location filename="../../../app/ui/experiment/choices_form.py" line="100" />
        <source>Back to the hearing's value (or the default)</source>
        <translation>ヒアリングの回答(または既定値)に戻す</translation>
    </message>
    <message>
        <location filename="../../../app/ui/experiment/choices_form.py" line="101" />
        <location filename="../../../app/ui/experiment/choices_form.py" line="265" />
        <source>Reset {0}</source>
        <translation>{0}を元に戻す</translation>
    </message>
    <message>
        <location filename="../../../app/ui/experiment/choices_form.py" line="178" />
        <source>hearing</source>
        <translation>ヒアリング</translation>
    </message>
    <message>
        <location filename="../../../app/ui/experiment/choices_form.py" line="178" />
        <source>default</source>
        <translation>既定値</translation>
    </message>
    <message>
        <location filename="../../../app/ui/experiment/choices_form.py" line="181" />
        <source>Taken from the hearing answers until you change it</source>
        <translation>変更するまではヒアリングの回答に従います</translation>
    </message>
    <message>
        <location filename="../../../app/ui/experiment/choices_form.py" line="182" />
        <source>The default; the hearing does not decide it</source>
        <translation>既定値です(ヒアリングでは決まりません)</translation>
    </message>
    <message>
        <location filename="../../../app/ui/experiment/choices_form.py" line="247" />
        <source>Change {0}</source>
        <translation>{0}の変更</translation>
    </message>
</context>
<context>
    <name>DatasetsModel</name>
    <message>
        <location filename="../../../app/ui/experiment/tables.py" line="136" />
        <source>Data source</source>
        <translation>データソース</translation>
    </message>
    <message>
        <location filename="../../../app/ui/experiment/tables.py" line="137" />
        <source>Dataset name (1)</source>
        <translation>①データセット名</translation>
    </message>
    <message>
        <location filename="../../../app/ui/experiment/tables.py" line="138" />
        <source>Owner</source>
        <translation>担当者</translation>
    </message>
    <message>
        <location filename="../../../app/ui/experiment/tables.py" line="139" />
        <source>Stored at</source>
        <translation>保存先</translation>
    </message>
    <message>
        <location filename="../../../app/ui/experiment/tables.py" line="140" />
        <source>Personal information</source>
        <translation>個人情報</translation>
    </message>
    <message>
        <location filename="../../../app/ui/experiment/tables.py" line="141" />
        <source>Licence</source>
        <translation>ライセンス</translation>
    </message>
    <message>
        <location filename="../../../app/ui/experiment/tables.py" line="161" />
        <source>yes</source>
        <translation>あり</translation>
    </message>
</context>
<context>
    <name>EnvironmentPage</name>
    <message>
        <location filename="../../../app/ui/experiment/page.py" line="137" />
        <source>Open or create a project to see its choices and wiki.</source>
        <translation>プロジェクトを開くか作成すると、選択内容とWikiが表示されます。</translation>
    </message>
</context>
<context>
    <name>ExperimentPage</name>
    <message>
        <location filename="../../../app/ui/pages/experiment.py" line="18" />
        <source>Experiment environment</source>
        <translation>実験環境構築</translation>
    </message>
    <message>
        <location filename="../../../app/ui/pages/experiment.py" line="22" />
        <source>Settle what is hard to change later before the data scientists start: repository and ticket rules, the directory layout, coding rules, the training environment and experiment tracking. The values come from the hearing until you change them; the wiki on the right follows every edit.</source>
        <translation>後から直すのが大変なことを、データサイエンティストが着手する前に決めます: リポジトリとチケットの運用、ディレクトリ構成、コーディング規約、学習環境、実験管理。変更するまではヒアリングの回答に従い、右のWikiは編集のたびに更新されます。</translation>
    </message>
</context>
<context>
    <name>ExportBar</name>
    <message>
        <location filename="../../../app/ui/experiment/export_bar.py" line="30" />
        <source>Export</source>
        <translation>エクスポート</translation>
    </message>
    <message>
        <location filename="../../../app/ui/experiment/export_bar.py" line="40" />
        <source>Wiki format</source>
        <translation>Wikiの形式</translation>
    </message>
    <message>
        <location filename="../../../app/ui/experiment/export_bar.py" line="43" />
        <source>Markdown folder (index.md)</source>
        <translation>Markdownフォルダ(index.md)</translation>
    </message>
    <message>
        <location filename="../../../app/ui/experiment/export_bar.py" line="43" />
        <source>GitHub wiki (Home.md, _Sidebar.md)</source>
        <translation>GitHub Wiki(Home.md、_Sidebar.md)</translation>
    </message>
    <message>
        <location filename="../../../app/ui/experiment/export_bar.py" line="44" />
        <source>MkDocs site (mkdocs.yml, docs/)</source>
        <translation>MkDocsサイト(mkdocs.yml、docs/)</translation>
    </message>
    <message>
        <location filename="../../../app/ui/experiment/export_bar.py" line="48" />
        <source>Export wiki…</source>
        <translation>Wikiをエクスポート…</translation>
    </message>
    <message>
        <location filename="../../../app/ui/experiment/export_bar.py" line="52" />
        <source>Export experiment sheet…</source>
        <translation>実験管理シートをエクスポート…</translation>
    </message>
    <message>
        <location filename="../../../app/ui/experiment/export_bar.py" line="53" />
        <source>raw datasets, processed datasets, experiment results (xlsx)</source>
        <translation>データセット(raw)・データセット(加工後)・実験結果(xlsx)</translation>
    </message>
    <message>
        <location filename="../../../app/ui/experiment/export_bar.py" line="56" />
        <source>Export project scaffold…</source>
        <translation>プロジェクトの雛形をエクスポート…</translation>
    </message>
    <message>
        <location filename="../../../app/ui/experiment/export_bar.py" line="57" />
        <source>layout, README, Dockerfile, pipeline, dataset lists, CI</source>
        <translation>ディレクトリ構成・README・Dockerfile・パイプライン・データセット一覧・CI</translation>
    </message>
    <message>
        <location filename="../../../app/ui/experiment/export_bar.py" line="83" />
        <source>Choose where to create the wiki folder</source>
        <translation>Wikiのフォルダを作る場所を選択</translation>
    </message>
    <message>
        <location filename="../../../app/ui/experiment/export_bar.py" line="95" />
        <source>Export experiment sheet</source>
        <translation>実験管理シートのエクスポート</translation>
    </message>
    <message>
        <location filename="../../../app/ui/experiment/export_bar.py" line="95" />
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Excelブック (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../../app/ui/experiment/export_bar.py" line="107" />
        <source>Choose where to create the project folder</source>
        <translation>プロジェクトのフォルダを作る場所を選択</translation>
    </message>
    <message>
        <location filename="../../../app/ui/experiment/export_bar.py" line="115" />
        <source>{0} already holds a scaffold. Replace the scaffold's files and keep everything else?</source>
        <translation>{0} には雛形がすでにあります。雛形のファイルを置き換え、それ以外のファイルは残しますか?</translation>
    </message>
    <message>
        <location filename="../../../app/ui/experiment/export_bar.py" line="117" />
        <source>{0} is not empty. Write the scaffold into it, replacing files of the same name?</source>
        <translation>{0} は空ではありません。同じ名前のファイルを置き換えて雛形を書き込みますか?</translation>
    </message>
    <message>
        <location filename="../../../app/ui/experiment/export_bar.py" line="119" />
        <source>Export project scaffold</source>
        <translation>プロジェクトの雛形のエクスポート</translation>
    </message>
    <message>
        <location filename="../../../app/ui/experiment/export_bar.py" line="132" />
        <source>Wrote {0}</source>
        <translation>{0} に書き出しました</translation>
    </message>
</context>
<context>
    <name>LocationsModel</name>
    <message>
        <location filename="../../../app/ui/experiment/tables.py" line="99" />
        <source>Data</source>
        <translation>データ</translation>
    </message>
    <message>
        <location filename="../../../app/ui/experiment/tables.py" line="100" />
        <source>Where</source>
        <translation>置き場所</translation>
    </message>
    <message>
        <location filename="../../../app/ui/experiment/tables.py" line="101" />
        <source>Access</source>
        <translation>権限</translation>
    </message>
    <message>
        <location filename="../../../app/ui/experiment/tables.py" line="102" />
        <source>Note</source>
        <translation>備考</translation>
    </message>
</context>
<context>
    <name>WikiPreview</name>
    <message>
        <location filename="../../../app/ui/experiment/wiki_preview.py" line="51" />
        <source>Wiki preview</source>
        <translation>Wikiのプレビュー</translation>
    </message>
    <message>
        <location filename="../../../app/ui/experiment/wiki_preview.py" line="57" />
        <source>Document language:</source>
        <translation>ドキュメントの言語:</translation>
    </message>
    <message>
        <location filename="../../../app/ui/experiment/wiki_preview.py" line="60" />
        <source>Document language of the preview and the exports</source>
        <translation>プレビューとエクスポートの言語</translation>
    </message>
    <message>
        <location filename="../../../app/ui/experiment/wiki_preview.py" line="67" />
        <source>Markdown</source>
        <translation>Markdown</translation>
    </message>
    <message>
        <location filename="../../../app/ui/experiment/wiki_preview.py" line="68" />
        <source>Show the Markdown source that the export writes</source>
        <translation>エクスポートされるMarkdownのソースを表示</translation>
    </message>
    <message>
        <location filename="../../../app/ui/experiment/wiki_preview.py" line="78" />
        <source>Wiki pages</source>
        <translation>Wikiのページ</translation>
    </message>
    <message>
        <location filename="../../../app/ui/experiment/wiki_preview.py" line="82" />
        <source>Preview of the wiki page</source>
        <translation>Wikiページのプレビュー</translation>
    </message>
</context>
</TS>