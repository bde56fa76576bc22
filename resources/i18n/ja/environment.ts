<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja" sourcelanguage="en">
<context>
    <name>ChoicesForm</name>
    <message>
        <source>Back to the hearing&apos;s value (or the default)</source>
        <translation>ヒアリングの回答(または既定値)に戻す</translation>
    </message>
    <message>
        <source>Reset {0}</source>
        <translation>{0}を元に戻す</translation>
    </message>
    <message>
        <source>from “{0}”</source>
        <translation>{0}から</translation>
    </message>
    <message>
        <source>Follows “{0}” until you change it</source>
        <translation>{0}に合わせて決まります(変更するまで)</translation>
    </message>
    <message>
        <source>hearing</source>
        <translation>ヒアリング</translation>
    </message>
    <message>
        <source>default</source>
        <translation>既定値</translation>
    </message>
    <message>
        <source>Taken from the hearing answers until you change it</source>
        <translation>変更するまではヒアリングの回答に従います</translation>
    </message>
    <message>
        <source>The default; the hearing does not decide it</source>
        <translation>既定値です(ヒアリングでは決まりません)</translation>
    </message>
    <message>
        <source>Change {0}</source>
        <translation>{0}の変更</translation>
    </message>
</context>
<context>
    <name>DataCiPage</name>
    <message>
        <source>Data platform &amp; CI</source>
        <translation>データ基盤・CI</translation>
    </message>
    <message>
        <source>Version data as well as code: decide where raw data, processed data, models and metadata live and who may access them, name each dataset, and choose the CI that runs the pipeline and records the experiment on every push. Bold cells are your own; the rest follows the hearing.</source>
        <translation>コードだけでなくデータもバージョン管理します。生データ・加工済みデータ・モデル・メタデータの置き場所と権限、データセットの名前、pushのたびにパイプラインを動かして実験を記録するCIを決めます。太字は自分で決めた値、それ以外はヒアリングの回答に従います。</translation>
    </message>
    <message>
        <source>Storage locations and access rights</source>
        <translation>置き場所と権限</translation>
    </message>
    <message>
        <source>Datasets</source>
        <translation>データセット</translation>
    </message>
    <message>
        <source>Where each kind of data lives</source>
        <translation>データの置き場所と権限</translation>
    </message>
    <message>
        <source>Datasets (from the hearing&apos;s data sources)</source>
        <translation>データセット(ヒアリングのデータソースから)</translation>
    </message>
    <message>
        <source>Change a storage location</source>
        <translation>置き場所の変更</translation>
    </message>
    <message>
        <source>Change a dataset</source>
        <translation>データセットの変更</translation>
    </message>
    <message>
        <source>Paste into the storage locations</source>
        <translation>置き場所への貼り付け</translation>
    </message>
    <message>
        <source>Paste into the datasets</source>
        <translation>データセットへの貼り付け</translation>
    </message>
</context>
<context>
    <name>DatasetsModel</name>
    <message>
        <source>Data source</source>
        <translation>データソース</translation>
    </message>
    <message>
        <source>Dataset name (1)</source>
        <translation>①データセット名</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>担当者</translation>
    </message>
    <message>
        <source>Stored at</source>
        <translation>保存先</translation>
    </message>
    <message>
        <source>Personal information</source>
        <translation>個人情報</translation>
    </message>
    <message>
        <source>Licence</source>
        <translation>ライセンス</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>あり</translation>
    </message>
</context>
<context>
    <name>EnvironmentPage</name>
    <message>
        <source>Loading…</source>
        <translation>読み込み中…</translation>
    </message>
    <message>
        <source>Open or create a project to see its choices and wiki.</source>
        <translation>プロジェクトを開くか作成すると、選択内容とWikiが表示されます。</translation>
    </message>
</context>
<context>
    <name>ExperimentPage</name>
    <message>
        <source>Experiment environment</source>
        <translation>実験環境構築</translation>
    </message>
    <message>
        <source>Settle what is hard to change later before the data scientists start: repository and ticket rules, the directory layout, coding rules, the training environment and experiment tracking. The values come from the hearing until you change them; the wiki on the right follows every edit.</source>
        <translation>後から直すのが大変なことを、データサイエンティストが着手する前に決めます: リポジトリとチケットの運用、ディレクトリ構成、コーディング規約、学習環境、実験管理。変更するまではヒアリングの回答に従い、右のWikiは編集のたびに更新されます。</translation>
    </message>
</context>
<context>
    <name>ExportBar</name>
    <message>
        <source>Export</source>
        <translation>エクスポート</translation>
    </message>
    <message>
        <source>Wiki format</source>
        <translation>Wikiの形式</translation>
    </message>
    <message>
        <source>Markdown</source>
        <translation>Markdown</translation>
    </message>
    <message>
        <source>GitHub Wiki</source>
        <translation>GitHub Wiki</translation>
    </message>
    <message>
        <source>MkDocs</source>
        <translation>MkDocs</translation>
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
        <source>Export wiki…</source>
        <translation>Wikiをエクスポート…</translation>
    </message>
    <message>
        <source>Export experiment sheet…</source>
        <translation>実験管理シートをエクスポート…</translation>
    </message>
    <message>
        <source>raw datasets, processed datasets, experiment results (xlsx)</source>
        <translation>データセット(raw)・データセット(加工後)・実験結果(xlsx)</translation>
    </message>
    <message>
        <source>Export project scaffold…</source>
        <translation>プロジェクトの雛形をエクスポート…</translation>
    </message>
    <message>
        <source>layout, README, Dockerfile, pipeline, dataset lists, CI</source>
        <translation>ディレクトリ構成・README・Dockerfile・パイプライン・データセット一覧・CI</translation>
    </message>
    <message>
        <source>Choose where to create the wiki folder</source>
        <translation>Wikiのフォルダーを作る場所を選択</translation>
    </message>
    <message>
        <source>Export experiment sheet</source>
        <translation>実験管理シートのエクスポート</translation>
    </message>
    <message>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Excelブック (*.xlsx)</translation>
    </message>
    <message>
        <source>Choose where to create the project folder</source>
        <translation>プロジェクトのフォルダーを作る場所を選択</translation>
    </message>
    <message>
        <source>{0} already holds a scaffold. Replace the scaffold&apos;s files and keep everything else?</source>
        <translation>{0} には雛形がすでにあります。雛形のファイルを置き換え、それ以外のファイルは残しますか?</translation>
    </message>
    <message>
        <source>{0} is not empty. Write the scaffold into it, replacing files of the same name?</source>
        <translation>{0} は空ではありません。同じ名前のファイルを置き換えて雛形を書き込みますか?</translation>
    </message>
    <message>
        <source>Export project scaffold</source>
        <translation>プロジェクトの雛形のエクスポート</translation>
    </message>
</context>
<context>
    <name>LocationsModel</name>
    <message>
        <source>Data</source>
        <translation>データ</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>置き場所</translation>
    </message>
    <message>
        <source>Access</source>
        <translation>権限</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>備考</translation>
    </message>
</context>
<context>
    <name>WikiPreview</name>
    <message>
        <source>Wiki preview</source>
        <translation>Wikiのプレビュー</translation>
    </message>
    <message>
        <source>Document language:</source>
        <translation>ドキュメントの言語:</translation>
    </message>
    <message>
        <source>Document language of the preview and the exports</source>
        <translation>プレビューとエクスポートの言語</translation>
    </message>
    <message>
        <source>Markdown</source>
        <translation>Markdown</translation>
    </message>
    <message>
        <source>Show the Markdown source that the export writes</source>
        <translation>エクスポートされるMarkdownのソースを表示</translation>
    </message>
    <message>
        <source>Wiki pages</source>
        <translation>Wikiのページ</translation>
    </message>
    <message>
        <source>Preview of the wiki page</source>
        <translation>Wikiページのプレビュー</translation>
    </message>
    <message numerus="yes">
        <source>… and %n more row(s): the exported page and the Markdown view have them all.</source>
        <translation>
            <numerusform>…ほか %n 行(書き出したページと Markdown 表示にはすべてあります)。</numerusform>
        </translation>
    </message>
</context>
</TS>
