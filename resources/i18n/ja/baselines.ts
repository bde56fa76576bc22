<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja" sourcelanguage="en">
<context>
    <name>BaselineOffer</name>
    <message>
        <source>Save an agreement baseline now?</source>
        <translation>今の合意内容をベースラインとして保存しますか?</translation>
    </message>
    <message>
        <source>Name of the baseline:</source>
        <translation>ベースラインの名前:</translation>
    </message>
    <message>
        <source>Save baseline</source>
        <translation>ベースラインを保存</translation>
    </message>
    <message>
        <source>Later</source>
        <translation>後で</translation>
    </message>
    <message>
        <source>Create baseline</source>
        <translation>ベースラインを作成</translation>
    </message>
    <message>
        <source>Saved the baseline “{0}”.</source>
        <translation>ベースライン「{0}」を保存しました。</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>閉じる</translation>
    </message>
</context>
<context>
    <name>BaselinesDialog</name>
    <message>
        <source>Agreement baselines</source>
        <translation>合意ベースライン</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>氏名</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>種類</translation>
    </message>
    <message>
        <source>Made</source>
        <translation>作成日時</translation>
    </message>
    <message>
        <source>Signed off by</source>
        <translation>合意者</translation>
    </message>
    <message>
        <source>Baseline</source>
        <translation>ベースライン</translation>
    </message>
    <message>
        <source>Create baseline…</source>
        <translation>ベースラインを作成…</translation>
    </message>
    <message>
        <source>Sign-off of the selected baseline</source>
        <translation>選択したベースラインの合意記録</translation>
    </message>
    <message>
        <source>Record sign-off</source>
        <translation>合意を記録</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>役割</translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation>組織</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日付</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>コメント</translation>
    </message>
    <message>
        <source>The sign-off typed here before and not recorded is back: Record sign-off records it, Close lets it go.</source>
        <translation>前に入力して記録していなかった承認の内容を戻しました。「合意を記録」で記録し、閉じると破棄します。</translation>
    </message>
    <message>
        <source>What changed</source>
        <translation>変更点</translation>
    </message>
    <message>
        <source>Diff</source>
        <translation>差分を表示</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>書き出し…</translation>
    </message>
    <message>
        <source>Now</source>
        <translation>現在</translation>
    </message>
    <message>
        <source>“%1” was removed in another window.</source>
        <translation>「%1」は別のウィンドウで削除されました。</translation>
    </message>
    <message>
        <source>“%1” was removed (undone).</source>
        <translation>「%1」は元に戻す操作で削除されました。</translation>
    </message>
    <message>
        <source>Choose the baseline again.</source>
        <translation>ベースラインを選び直してください。</translation>
    </message>
    <message>
        <source>The sign-off of %1 typed before was recorded before its window closed: it is in the list, nothing to record again.</source>
        <translation>前に入力した %1 の承認は、そのウィンドウが閉じる前に記録されていました(一覧にあります)。もう一度記録する必要はありません。</translation>
    </message>
    <message>
        <source>The sign-off typed before was for “%1”, which is no longer here: choose the baseline to record it on.</source>
        <translation>前に入力した承認は「%1」のものでしたが、そのベースラインはもうありません。記録するベースラインを選んでください。</translation>
    </message>
    <message>
        <source>Create baseline</source>
        <translation>ベースラインを作成</translation>
    </message>
    <message>
        <source>Name of the baseline:</source>
        <translation>ベースラインの名前:</translation>
    </message>
    <message>
        <source>Baseline diff</source>
        <translation>合意ベースラインの差分</translation>
    </message>
    <message>
        <source>Export the diff</source>
        <translation>差分を書き出す</translation>
    </message>
    <message>
        <source>Excel (*.xlsx);;Markdown (*.md)</source>
        <translation>Excel (*.xlsx);;Markdown (*.md)</translation>
    </message>
</context>
<context>
    <name>DiffModel</name>
    <message>
        <source>Part</source>
        <translation>区分</translation>
    </message>
    <message>
        <source>Item / task</source>
        <translation>項目 / タスク</translation>
    </message>
    <message>
        <source>What</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>Before (%1)</source>
        <translation>変更前(%1)</translation>
    </message>
    <message>
        <source>After (%1)</source>
        <translation>変更後(%1)</translation>
    </message>
</context>
</TS>
