<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja" sourcelanguage="en">
<context>
    <name>ChangesModel</name>
    <message>
        <source>Item</source>
        <translation>項目</translation>
    </message>
    <message>
        <source>In the app</source>
        <translation>アプリの値</translation>
    </message>
    <message>
        <source>In the sheet</source>
        <translation>シートの値</translation>
    </message>
    <message>
        <source>Take the sheet&apos;s</source>
        <translation>シートの値を採用</translation>
    </message>
    <message>
        <source>changed</source>
        <translation>変更</translation>
    </message>
    <message>
        <source>conflict</source>
        <translation>競合</translation>
    </message>
    <message>
        <source>new</source>
        <translation>新規</translation>
    </message>
</context>
<context>
    <name>CheckEditor</name>
    <message>
        <source>Applies</source>
        <translation>該当</translation>
    </message>
    <message>
        <source>{0}: details</source>
        <translation>{0}: 内容</translation>
    </message>
</context>
<context>
    <name>ChecklistBrowser</name>
    <message>
        <source>Show</source>
        <translation>表示</translation>
    </message>
    <message>
        <source>All items</source>
        <translation>すべての項目</translation>
    </message>
    <message>
        <source>Unanswered</source>
        <translation>未回答</translation>
    </message>
    <message>
        <source>Needs follow-up</source>
        <translation>要フォロー</translation>
    </message>
    <message>
        <source>Changed since</source>
        <translation>指定日以降に変更</translation>
    </message>
    <message>
        <source>Hypotheses to confirm</source>
        <translation>確認待ちの仮説</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>検索</translation>
    </message>
    <message>
        <source>Search questions, help and answers (Ctrl+F)</source>
        <translation>質問・説明・回答を検索(Ctrl+F)</translation>
    </message>
    <message>
        <source>Answered or not applicable</source>
        <translation>回答済または対象外</translation>
    </message>
    <message>
        <source>%v / %m answered</source>
        <translation>回答済 %v / %m</translation>
    </message>
</context>
<context>
    <name>ChecklistTreeModel</name>
    <message>
        <source>Question</source>
        <translation>質問</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状態</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>回答</translation>
    </message>
    <message>
        <source>Answers from an older checklist</source>
        <translation>以前のチェックリストの回答</translation>
    </message>
    <message>
        <source>hypothesis</source>
        <translation>仮説</translation>
    </message>
</context>
<context>
    <name>DateEditor</name>
    <message>
        <source>Pick a date</source>
        <translation>日付を選択</translation>
    </message>
</context>
<context>
    <name>FollowupEditor</name>
    <message>
        <source>Follow-up</source>
        <translation>フォローアップ</translation>
    </message>
    <message>
        <source>Follow-up owner</source>
        <translation>フォローアップの担当者</translation>
    </message>
    <message>
        <source>Who follows it up</source>
        <translation>フォローアップの担当者</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>期限</translation>
    </message>
    <message>
        <source>Has a due date</source>
        <translation>期限あり</translation>
    </message>
    <message>
        <source>Due date</source>
        <translation>期限</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完了</translation>
    </message>
    <message>
        <source>Follow-up done</source>
        <translation>フォローアップ完了</translation>
    </message>
</context>
<context>
    <name>FollowupsDialog</name>
    <message>
        <source>Follow-ups</source>
        <translation>フォローアップ</translation>
    </message>
    <message>
        <source>Show the ones done</source>
        <translation>完了したものも表示</translation>
    </message>
    <message>
        <source>Export follow-ups…</source>
        <translation>フォローアップ事項を書き出す…</translation>
    </message>
    <message>
        <source>{0} to follow up · {1} done</source>
        <translation>{0}件フォロー中 · 完了 {1}件</translation>
    </message>
    <message>
        <source>Mark “{0}” done</source>
        <translation>「{0}」を完了にする</translation>
    </message>
    <message>
        <source>Mark “{0}” not done</source>
        <translation>「{0}」を未完了に戻す</translation>
    </message>
</context>
<context>
    <name>FollowupsModel</name>
    <message>
        <source>Item</source>
        <translation>項目</translation>
    </message>
    <message>
        <source>To find out</source>
        <translation>確認すること</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>担当者</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>期限</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完了</translation>
    </message>
    <message>
        <source>{0} ({1})</source>
        <translation>{0}({1})</translation>
    </message>
    <message>
        <source>(no owner yet)</source>
        <translation>(担当者未定)</translation>
    </message>
</context>
<context>
    <name>HearingPage</name>
    <message>
        <source>Hearing</source>
        <translation>ヒアリング</translation>
    </message>
    <message>
        <source>Start session…</source>
        <translation>セッション開始…</translation>
    </message>
    <message>
        <source>End session</source>
        <translation>セッション終了</translation>
    </message>
    <message>
        <source>Hypothesis mode</source>
        <translation>仮説モード</translation>
    </message>
    <message>
        <source>Prepare answers as hypotheses (仮説) to confirm or correct in the meeting</source>
        <translation>会議で確認・修正する仮説として回答を事前に準備します</translation>
    </message>
    <message>
        <source>Interview mode</source>
        <translation>インタビューモード</translation>
    </message>
    <message>
        <source>One item at a time, large type, keyboard only (F11)</source>
        <translation>1項目ずつ・大きな文字・キーボードだけで進めます(F11)</translation>
    </message>
    <message>
        <source>Hearing documents</source>
        <translation>ヒアリングのドキュメント</translation>
    </message>
    <message>
        <source>Documents</source>
        <translation>ドキュメント</translation>
    </message>
    <message>
        <source>Export hearing sheet…</source>
        <translation>ヒアリングシートを書き出す…</translation>
    </message>
    <message>
        <source>Import filled hearing sheet…</source>
        <translation>記入済みヒアリングシートを読み込む…</translation>
    </message>
    <message>
        <source>Export minutes of the session…</source>
        <translation>セッションの議事録を書き出す…</translation>
    </message>
    <message>
        <source>Sessions and minutes…</source>
        <translation>ヒアリングの回と議事録…</translation>
    </message>
    <message>
        <source>Export follow-ups…</source>
        <translation>フォローアップ事項を書き出す…</translation>
    </message>
    <message>
        <source>Follow-ups (owner, due date, done)…</source>
        <translation>フォローアップ事項(担当・期限・完了)…</translation>
    </message>
    <message>
        <source>Hearing checklist</source>
        <translation>ヒアリングチェックリスト</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>読み込み中…</translation>
    </message>
    <message>
        <source>Session {0} in progress ({1})</source>
        <translation>第{0}回セッション実施中({1})</translation>
    </message>
    <message>
        <source>No session open · {0} held</source>
        <translation>セッションなし · 実施済み{0}回</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>書き出し</translation>
    </message>
    <message>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Excel ブック (*.xlsx)</translation>
    </message>
    <message>
        <source>Markdown (*.md)</source>
        <translation>Markdown (*.md)</translation>
    </message>
    <message>
        <source>Import hearing sheet</source>
        <translation>ヒアリングシートの読み込み</translation>
    </message>
    <message>
        <source>The sheet brings no changes.</source>
        <translation>シートに変更はありません。</translation>
    </message>
    <message numerus="yes">
        <source>Imported answers into %n item(s).</source>
        <translation>
            <numerusform>%n項目に回答を取り込みました。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>HistoryModel</name>
    <message>
        <source>When</source>
        <translation>日時</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状態</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>回答</translation>
    </message>
    <message>
        <source>Session</source>
        <translation>回</translation>
    </message>
    <message>
        <source>Recorded by</source>
        <translation>記録者</translation>
    </message>
    <message>
        <source>import</source>
        <translation>取込</translation>
    </message>
    <message>
        <source>undo</source>
        <translation>取り消し</translation>
    </message>
    <message>
        <source>redo</source>
        <translation>やり直し</translation>
    </message>
    <message>
        <source>demo</source>
        <translation>デモ</translation>
    </message>
    <message>
        <source>command line</source>
        <translation>コマンドライン</translation>
    </message>
    <message>
        <source>Recorded by: {0}</source>
        <translation>記録: {0}</translation>
    </message>
</context>
<context>
    <name>HypothesisBar</name>
    <message>
        <source>Confirm hypothesis</source>
        <translation>仮説を確定</translation>
    </message>
    <message>
        <source>Hypothesis mode: what you type is kept as a hypothesis to confirm in the meeting.</source>
        <translation>仮説モード: 入力した内容は会議で確認する仮説として保存されます。</translation>
    </message>
    <message>
        <source>Hypothesis, to confirm or correct in the meeting.</source>
        <translation>仮説です。会議で確認または修正してください。</translation>
    </message>
    <message>
        <source>Hypothesis confirmed by the customer.</source>
        <translation>顧客が仮説を確認しました。</translation>
    </message>
    <message>
        <source>Hypothesis corrected; it was: {0}</source>
        <translation>仮説を修正しました。元の仮説: {0}</translation>
    </message>
</context>
<context>
    <name>ImportPreviewDialog</name>
    <message>
        <source>Import hearing sheet</source>
        <translation>ヒアリングシートの読み込み</translation>
    </message>
    <message>
        <source>Changes: {0} (items: {1}). Conflicts: {2} (answers changed in the app since the sheet was exported: tick “Take the sheet&apos;s” to replace the app&apos;s answer).</source>
        <translation>{1}項目に{0}件の変更、{2}件の競合があります(競合: シートの書き出し後にアプリ側でも変更された回答)。アプリの回答をシートの値で置き換えるには「シートの値を採用」にチェックしてください。</translation>
    </message>
    <message>
        <source>Changes</source>
        <translation>変更点</translation>
    </message>
</context>
<context>
    <name>InterviewDialog</name>
    <message>
        <source>Interview mode</source>
        <translation>インタビューモード</translation>
    </message>
    <message>
        <source>Hearing progress</source>
        <translation>ヒアリングの進捗</translation>
    </message>
    <message>
        <source>In a text field the keys type: Esc leaves it; the keys with Ctrl or Alt work there as well.</source>
        <translation>入力欄ではキーは文字になります。Esc で入力欄を抜けます。Ctrl・Alt 付きのキーは入力欄でも使えます。</translation>
    </message>
    <message>
        <source>Answered</source>
        <translation>回答済</translation>
    </message>
    <message>
        <source>Not applicable</source>
        <translation>対象外</translation>
    </message>
    <message>
        <source>Needs follow-up</source>
        <translation>要フォロー</translation>
    </message>
    <message>
        <source>Not asked</source>
        <translation>未確認</translation>
    </message>
    <message>
        <source>Next item</source>
        <translation>次の項目</translation>
    </message>
    <message>
        <source>Previous item</source>
        <translation>前の項目</translation>
    </message>
    <message>
        <source>Next unanswered</source>
        <translation>次の未回答</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>回答を入力</translation>
    </message>
    <message>
        <source>Later answer</source>
        <translation>これからの回答</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>備考</translation>
    </message>
    <message>
        <source>Answered by</source>
        <translation>回答者</translation>
    </message>
    <message>
        <source>Confirm hypothesis</source>
        <translation>仮説を確定</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>元に戻す</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>やり直し</translation>
    </message>
    <message>
        <source>Leave the field / close</source>
        <translation>入力欄を抜ける / 閉じる</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状態</translation>
    </message>
    <message>
        <source>Undo / redo</source>
        <translation>元に戻す / やり直し</translation>
    </message>
    <message>
        <source>Add table row</source>
        <translation>表に行を追加</translation>
    </message>
    <message>
        <source>No items</source>
        <translation>項目がありません</translation>
    </message>
    <message>
        <source>Item {0} of {1}</source>
        <translation>{1}項目中 {0}項目目</translation>
    </message>
</context>
<context>
    <name>ItemEditor</name>
    <message>
        <source>Confirm hypothesis</source>
        <translation>仮説を確定</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>備考</translation>
    </message>
    <message>
        <source>Note (what to follow up, who will answer, ...)</source>
        <translation>備考(フォローすること、回答予定者など)</translation>
    </message>
    <message>
        <source>Answered by</source>
        <translation>回答者</translation>
    </message>
    <message>
        <source>Help</source>
        <translation>説明</translation>
    </message>
    <message>
        <source>Built on this answer…</source>
        <translation>この回答に依存している項目…</translation>
    </message>
    <message>
        <source>History</source>
        <translation>履歴</translation>
    </message>
    <message>
        <source>Answer history</source>
        <translation>回答履歴</translation>
    </message>
    <message>
        <source>Choose an item on the left.</source>
        <translation>左の一覧から項目を選んでください。</translation>
    </message>
    <message>
        <source>Now</source>
        <translation>現時点</translation>
    </message>
    <message>
        <source>Later</source>
        <translation>これから</translation>
    </message>
    <message>
        <source>Answers from an older checklist</source>
        <translation>以前のチェックリストの回答</translation>
    </message>
    <message>
        <source>This item is no longer in the checklist. Its answer is kept: {0}</source>
        <translation>この項目は現在のチェックリストにありません。回答は保持されています: {0}</translation>
    </message>
    <message>
        <source>Not saved (kept as a draft): {0}</source>
        <translation>未保存(下書きとして保持): {0}</translation>
    </message>
</context>
<context>
    <name>SessionDialog</name>
    <message>
        <source>Start hearing session {0}</source>
        <translation>第{0}回ヒアリングを開始</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日付</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>タイトル</translation>
    </message>
    <message>
        <source>e.g. Second hearing: data and environment</source>
        <translation>例: 第2回ヒアリング(データと環境)</translation>
    </message>
    <message>
        <source>Attendees</source>
        <translation>出席者</translation>
    </message>
    <message>
        <source>One attendee per line</source>
        <translation>出席者を1行に1人ずつ</translation>
    </message>
    <message>
        <source>The session typed here before was started before its window closed: it is session {0}. Nothing to start again.</source>
        <translation>前に入力したセッションは、そのウィンドウが閉じる前に開始されていました(第{0}回)。もう一度開始する必要はありません。</translation>
    </message>
</context>
<context>
    <name>SessionEditDialog</name>
    <message>
        <source>Edit hearing session {0}</source>
        <translation>ヒアリング第{0}回を編集</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>メモ</translation>
    </message>
    <message>
        <source>Decisions, agreements and anything else said: the minutes&apos; Notes section</source>
        <translation>決まったこと、合意したこと、そのほか話したこと(議事録の「メモ」になります)</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日付</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>タイトル</translation>
    </message>
    <message>
        <source>Attendees</source>
        <translation>出席者</translation>
    </message>
    <message>
        <source>Hearing session {0}</source>
        <translation>ヒアリング第{0}回</translation>
    </message>
</context>
<context>
    <name>SessionsDialog</name>
    <message>
        <source>Hearing sessions</source>
        <translation>ヒアリングの回</translation>
    </message>
    <message>
        <source>Minutes</source>
        <translation>議事録</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>編集…</translation>
    </message>
    <message>
        <source>Edit the session</source>
        <translation>セッションを編集</translation>
    </message>
    <message>
        <source>Change the session&apos;s date, title, attendees and notes (the minutes&apos; notes)</source>
        <translation>セッションの日付・タイトル・出席者・メモ(議事録のメモ)を変更します</translation>
    </message>
    <message>
        <source>Export minutes…</source>
        <translation>議事録を書き出す…</translation>
    </message>
    <message>
        <source>Export minutes</source>
        <translation>議事録を書き出す</translation>
    </message>
</context>
<context>
    <name>SessionsModel</name>
    <message>
        <source>No.</source>
        <translation>回</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日付</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>タイトル</translation>
    </message>
    <message>
        <source>Attendees</source>
        <translation>出席者</translation>
    </message>
    <message>
        <source>Answers captured</source>
        <translation>確認した回答</translation>
    </message>
    <message>
        <source>Follow-ups</source>
        <translation>フォローアップ</translation>
    </message>
    <message>
        <source>Hearing {0}</source>
        <translation>第{0}回ヒアリング</translation>
    </message>
</context>
<context>
    <name>StatusButtons</name>
    <message>
        <source>Answered</source>
        <translation>回答済</translation>
    </message>
    <message>
        <source>Not applicable</source>
        <translation>対象外</translation>
    </message>
    <message>
        <source>Needs follow-up</source>
        <translation>要フォロー</translation>
    </message>
    <message>
        <source>Not asked</source>
        <translation>未確認</translation>
    </message>
</context>
<context>
    <name>TableEditor</name>
    <message>
        <source>Select all rows</source>
        <translation>すべての行を選択</translation>
    </message>
    <message>
        <source>Add row</source>
        <translation>行を追加</translation>
    </message>
    <message>
        <source>Remove row</source>
        <translation>行を削除</translation>
    </message>
    <message>
        <source>Move up</source>
        <translation>上へ</translation>
    </message>
    <message>
        <source>Move down</source>
        <translation>下へ</translation>
    </message>
    <message>
        <source>Open large editor</source>
        <translation>大画面で編集</translation>
    </message>
    <message>
        <source>Work the table in a window-sized editor: choose the columns, first column frozen, one row as a form ({0})</source>
        <translation>表をウィンドウいっぱいの編集画面で開きます: 表示する列の選択、先頭列の固定、1行ずつのフォーム入力 ({0})</translation>
    </message>
    <message>
        <source>Add a row below the current one ({0})</source>
        <translation>現在の行の下に行を追加({0})</translation>
    </message>
</context>
</TS>
