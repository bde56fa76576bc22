<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja" sourcelanguage="en">
<context>
    <name>ExportsPage</name>
    <message>
        <source>Import project</source>
        <translation>プロジェクトの読み込み</translation>
    </message>
    <message>
        <source>Project files (*.json)</source>
        <translation>プロジェクトファイル (*.json)</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Window language:</source>
        <translation>画面の言語:</translation>
    </message>
    <message>
        <source>Language of the window</source>
        <translation>画面の言語</translation>
    </message>
</context>
<context>
    <name>TeamDatabase</name>
    <message>
        <source>The team database chosen in Settings ▸ Team database cannot be used:
{0}

{1}: try it again.
{2}: open this computer&apos;s database for now (the setting stays: correct it in Settings ▸ Team database).
{3}: quit.</source>
        <translation>設定 ▸ チームのデータベース で選ばれているデータベースを使えません:
{0}

{1}: もう一度試します。
{2}: 今回はこのコンピューターのデータベースを開きます(設定はそのままです。設定 ▸ チームのデータベース で直せます)。
{3}: 終了します。</translation>
    </message>
    <message>
        <source>The team database chosen in Settings could not be reached: this window uses this computer&apos;s database.</source>
        <translation>設定で選ばれたチームのデータベースに接続できなかったため、このウィンドウはこのコンピューターのデータベースを使っています。</translation>
    </message>
</context>
<context>
    <name>WelcomeDialog</name>
    <message>
        <source>Welcome to MLOps Kickoff</source>
        <translation>MLOps Kickoff へようこそ</translation>
    </message>
    <message>
        <source>Plan the PoC phase of a customer&apos;s ML project, from the first hearing to the kickoff proposal.</source>
        <translation>お客様のML案件のPoCフェーズを、最初のヒアリングから導入提案まで計画します。</translation>
    </message>
    <message>
        <source>Answer the hearing checklist once: the WBS, proposal, environment and system plan are drafted from it.</source>
        <translation>ヒアリングのチェックリストに答えるだけで、WBS・提案書・環境・システム化計画の下書きができます。</translation>
    </message>
    <message>
        <source>Everything is saved on this computer as you type; export Excel, PDF and wiki pages when you need them.</source>
        <translation>入力はその場でこのパソコンに保存されます。Excel・PDF・Wikiページは必要なときに書き出せます。</translation>
    </message>
    <message>
        <source>Open the demo project</source>
        <translation>デモプロジェクトを開く</translation>
    </message>
    <message>
        <source>A sample project with answers, a schedule and a proposal already filled in, to look around. Your own projects stay apart from it.</source>
        <translation>回答・スケジュール・提案書が入力済みのサンプルです。操作を試すのにどうぞ。ご自身のプロジェクトとは別に保存されます。</translation>
    </message>
    <message>
        <source>Create my project</source>
        <translation>自分のプロジェクトを作る</translation>
    </message>
    <message>
        <source>Start your own: project name, customer, PoC start date and document language.</source>
        <translation>プロジェクト名・顧客・PoC開始日・ドキュメントの言語を入れて始めます。</translation>
    </message>
    <message>
        <source>Import a project file</source>
        <translation>プロジェクトファイルを読み込む</translation>
    </message>
    <message>
        <source>Open a project a colleague exported (a .json file from Exports ▸ Export project).</source>
        <translation>同僚が書き出したプロジェクトを開きます（エクスポート ▸ プロジェクトを書き出す… で作った .json ファイル）。</translation>
    </message>
    <message>
        <source>Closing this page opens the demo project. Help ▸ Welcome… shows this page again.</source>
        <translation>このページを閉じるとデモプロジェクトが開きます。ヘルプ ▸ ようこそ… でいつでもまた表示できます。</translation>
    </message>
    <message>
        <source>Help ▸ Welcome… shows this page again.</source>
        <translation>ヘルプ ▸ ようこそ… でいつでもまた表示できます。</translation>
    </message>
    <message>
        <source>Project name</source>
        <translation>プロジェクト名</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>顧客</translation>
    </message>
    <message>
        <source>PoC start</source>
        <translation>PoC開始日</translation>
    </message>
    <message>
        <source>Document language</source>
        <translation>ドキュメントの言語</translation>
    </message>
    <message>
        <source>You can change all of these later in File ▸ Project Properties.</source>
        <translation>どれも後から ファイル ▸ プロジェクトのプロパティ で変更できます。</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>戻る</translation>
    </message>
    <message>
        <source>Create Project</source>
        <translation>プロジェクトを作成</translation>
    </message>
</context>
</TS>
