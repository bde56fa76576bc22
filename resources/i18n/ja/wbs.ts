<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja" sourcelanguage="en">
<context>
    <name>BaselineDialog</name>
    <message>
        <source>Baselines and earned value</source>
        <translation>ベースラインと出来高</translation>
    </message>
    <message>
        <source>Saved baselines</source>
        <translation>保存済みのベースライン</translation>
    </message>
    <message>
        <source>Baseline name</source>
        <translation>ベースラインの名前</translation>
    </message>
    <message>
        <source>Name, e.g. Agreed at kickoff</source>
        <translation>名前(例: キックオフで合意)</translation>
    </message>
    <message>
        <source>Save the schedule as a baseline</source>
        <translation>日程をベースラインとして保存</translation>
    </message>
    <message>
        <source>Delete baseline</source>
        <translation>ベースラインを削除</translation>
    </message>
    <message>
        <source>Status date</source>
        <translation>基準日</translation>
    </message>
    <message>
        <source>Phase</source>
        <translation>フェーズ</translation>
    </message>
    <message>
        <source>Earned value</source>
        <translation>出来高</translation>
    </message>
    <message>
        <source>PV: baseline effort scheduled by the status date. EV: baseline effort × percent complete. AC: actual effort (person-days).</source>
        <translation>PV: 基準日までに予定された作業(ベースラインの見積)。EV: ベースラインの見積 × 進捗率。AC: 実績工数(人日)。</translation>
    </message>
    <message>
        <source>Status date:</source>
        <translation>基準日:</translation>
    </message>
    <message>
        <source>Whole project</source>
        <translation>プロジェクト全体</translation>
    </message>
    <message>
        <source>Saving the baseline…</source>
        <translation>ベースラインを保存しています…</translation>
    </message>
    <message>
        <source>Save baseline</source>
        <translation>ベースラインを保存</translation>
    </message>
    <message>
        <source>A baseline called “{0}” was saved {1}. Replace it with the schedule as it is now?</source>
        <translation>ベースライン「{0}」は {1} に保存されています。現在の日程で置き換えますか?</translation>
    </message>
    <message>
        <source>Replace baseline</source>
        <translation>ベースラインの置き換え</translation>
    </message>
    <message>
        <source>Deleting the baseline…</source>
        <translation>ベースラインを削除しています…</translation>
    </message>
</context>
<context>
    <name>DateEditor</name>
    <message>
        <source>no date</source>
        <translation>日付なし</translation>
    </message>
    <message>
        <source>Pick from a calendar (Alt+Down)</source>
        <translation>カレンダーから選ぶ (Alt+↓)</translation>
    </message>
</context>
<context>
    <name>GanttView</name>
    <message>
        <source>Gantt chart</source>
        <translation>ガントチャート</translation>
    </message>
    <message>
        <source>Dates: {0} – {1}</source>
        <translation>期間: {0} – {1}</translation>
    </message>
    <message>
        <source>Not in baseline “{0}”</source>
        <translation>ベースライン「{0}」にはありません</translation>
    </message>
    <message>
        <source>Baseline “{0}”: {1} – {2}</source>
        <translation>ベースライン「{0}」: {1} – {2}</translation>
    </message>
    <message>
        <source>Slippage: {0:+d} working days</source>
        <translation>遅れ: {0:+d} 稼働日</translation>
    </message>
</context>
<context>
    <name>ImportChangesModel</name>
    <message>
        <source>Task</source>
        <translation>タスク</translation>
    </message>
    <message>
        <source>Column</source>
        <translation>列</translation>
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
        <source>row {0}</source>
        <translation>{0}行目</translation>
    </message>
    <message>
        <source>under {0}</source>
        <translation>{0} の配下</translation>
    </message>
    <message>
        <source>new task</source>
        <translation>新規タスク</translation>
    </message>
    <message>
        <source>conflict</source>
        <translation>競合</translation>
    </message>
    <message>
        <source>change</source>
        <translation>変更</translation>
    </message>
</context>
<context>
    <name>ImportPreviewDialog</name>
    <message>
        <source>Import the WBS from Excel</source>
        <translation>ExcelからWBSを取り込む</translation>
    </message>
    <message>
        <source>Changes to apply</source>
        <translation>反映する変更</translation>
    </message>
    <message>
        <source>Not imported and warnings</source>
        <translation>取り込まないものと注意</translation>
    </message>
    <message>
        <source>Ignored: {0}</source>
        <translation>取り込みません: {0}</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>反映</translation>
    </message>
</context>
<context>
    <name>LevelPreviewDialog</name>
    <message>
        <source>Level resources</source>
        <translation>負荷の平準化</translation>
    </message>
    <message numerus="yes">
        <source>%n task(s) move so that nobody works on two tasks at once (by priority, then WBS order). Apply is one step: Edit ▸ Undo puts every date back.</source>
        <translation>
            <numerusform>同じ要員が同時に複数のタスクを担当しないよう、%n件のタスクを動かします(優先度順、次にWBS順)。適用は1操作で、編集 ▸ 元に戻す ですべての日程が戻ります。</numerusform>
        </translation>
    </message>
    <message>
        <source>Tasks that move</source>
        <translation>動くタスク</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>タスク</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>要員</translation>
    </message>
    <message>
        <source>Before</source>
        <translation>変更前</translation>
    </message>
    <message>
        <source>After</source>
        <translation>変更後</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>理由</translation>
    </message>
</context>
<context>
    <name>LoadPanel</name>
    <message>
        <source>Load per person and week</source>
        <translation>要員・週ごとの負荷</translation>
    </message>
    <message>
        <source>% of availability</source>
        <translation>稼働可能に対する%</translation>
    </message>
    <message>
        <source>Hours</source>
        <translation>時間</translation>
    </message>
    <message>
        <source>Show:</source>
        <translation>表示:</translation>
    </message>
    <message>
        <source>No people yet: add the project&apos;s people with “People…” and give tasks their names as owners.</source>
        <translation>要員がまだいません: 「要員…」でプロジェクトの要員を追加し、タスクの担当者にその名前を入れてください。</translation>
    </message>
    <message>
        <source>No scheduled task has one of the project&apos;s people as its owner.</source>
        <translation>日程のあるタスクで、要員が担当者になっているものはありません。</translation>
    </message>
    <message>
        <source>Red: more work than the person gives the project that week, or two tasks on one of its days. {0} h a person-day.</source>
        <translation>赤: その週の稼働可能日数を超える作業、またはいずれかの日に2つ以上のタスク。1人日 = {0}時間。</translation>
    </message>
</context>
<context>
    <name>PeopleDialog</name>
    <message>
        <source>People of the project</source>
        <translation>プロジェクトの要員</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名前</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>役割</translation>
    </message>
    <message>
        <source>Days a week</source>
        <translation>週の稼働日数</translation>
    </message>
    <message>
        <source>% of a day</source>
        <translation>稼働率</translation>
    </message>
    <message>
        <source>Days off</source>
        <translation>休暇</translation>
    </message>
    <message>
        <source>e.g. {0}</source>
        <translation>例: {0}</translation>
    </message>
    <message>
        <source>Dates and ranges (first..last, both included), separated by commas</source>
        <translation>日付または期間(開始..終了、両端を含む)をカンマか読点で区切って入力します</translation>
    </message>
    <message>
        <source>New person</source>
        <translation>新しい要員</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>削除</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名前:</translation>
    </message>
    <message>
        <source>Role:</source>
        <translation>役割:</translation>
    </message>
    <message>
        <source>Days a week:</source>
        <translation>週の稼働日数:</translation>
    </message>
    <message>
        <source>Share of a day:</source>
        <translation>稼働率:</translation>
    </message>
    <message>
        <source>Days off:</source>
        <translation>休暇:</translation>
    </message>
    <message>
        <source>Suggested people</source>
        <translation>要員の候補</translation>
    </message>
    <message>
        <source>Add selected</source>
        <translation>選択した候補を追加</translation>
    </message>
    <message>
        <source>Suggestions: the hearing&apos;s team and the tasks&apos; owners</source>
        <translation>候補: ヒアリングの体制とタスクの担当者</translation>
    </message>
    <message>
        <source>A task is this person&apos;s work when its Owner is their name. Availability: days a week × share of a day; their days off come on top of the company holidays.</source>
        <translation>タスクの担当者がこの名前のとき、その要員の作業になります。稼働可能 = 週の稼働日数 × 稼働率。休暇は会社の休日に加えて休みになります。</translation>
    </message>
    <message>
        <source>The new person typed here before and not added is back: Save adds them (Close too), Discard lets them go.</source>
        <translation>前に入力して追加していなかった新しい要員の内容を戻しました。「保存」で追加し(閉じても追加します)、「破棄」で破棄します。</translation>
    </message>
    <message>
        <source>hearing&apos;s team</source>
        <translation>ヒアリングの体制</translation>
    </message>
    <message>
        <source>task owner</source>
        <translation>タスクの担当者</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(なし)</translation>
    </message>
    <message>
        <source>{0} is no longer in this project (removed in another window, or by an undo). Add them again with what the form holds? No: what the form holds for them is let go. Cancel: it stays in the form.</source>
        <translation>{0}はこのプロジェクトにいなくなりました(別のウィンドウでの削除、または元に戻す)。フォームの内容で追加し直しますか?「いいえ」では、フォームにこの要員について入力した内容を破棄します。「キャンセル」では、入力した内容をフォームに残します。</translation>
    </message>
    <message>
        <source>Days off: {0}</source>
        <translation>休暇: {0}</translation>
    </message>
    <message>
        <source>{0} is a person of this project already. Replace their role, days a week, share of a day and days off with what the form holds? No: theirs are kept, and the form keeps what you typed.</source>
        <translation>{0} はすでにこのプロジェクトの要員です。その役割・週の稼働日数・稼働率・休暇をフォームの内容で置き換えますか？ いいえ: 登録済みの内容のままにし、入力した内容はフォームに残します。</translation>
    </message>
    <message>
        <source>Edit person</source>
        <translation>要員を編集</translation>
    </message>
    <message>
        <source>Add person</source>
        <translation>要員を追加</translation>
    </message>
    <message>
        <source>Remove person</source>
        <translation>要員を削除</translation>
    </message>
</context>
<context>
    <name>PeopleModel</name>
    <message>
        <source>Name</source>
        <translation>名前</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>役割</translation>
    </message>
    <message>
        <source>Days a week</source>
        <translation>週の稼働日数</translation>
    </message>
    <message>
        <source>% of a day</source>
        <translation>稼働率</translation>
    </message>
    <message>
        <source>Days off</source>
        <translation>休暇</translation>
    </message>
</context>
<context>
    <name>PredecessorDialog</name>
    <message>
        <source>Predecessors of {0}</source>
        <translation>{0} の先行タスク</translation>
    </message>
    <message>
        <source>Search tasks</source>
        <translation>タスクを検索</translation>
    </message>
    <message>
        <source>Search tasks…</source>
        <translation>タスクを検索…</translation>
    </message>
    <message>
        <source>Tasks that can come before</source>
        <translation>先行にできるタスク</translation>
    </message>
    <message>
        <source>Lag (working days):</source>
        <translation>ラグ(稼働日):</translation>
    </message>
    <message>
        <source>Lag in working days</source>
        <translation>ラグ(稼働日数)</translation>
    </message>
    <message>
        <source>Each ticked task keeps its own lag ({0}) unless you change the lag here.</source>
        <translation>チェックした各タスクは、ここでラグを変更しない限りそれぞれのラグ({0})のままです。</translation>
    </message>
</context>
<context>
    <name>ProgressDialog</name>
    <message>
        <source>Progress</source>
        <translation>進捗</translation>
    </message>
    <message>
        <source>Percent complete:</source>
        <translation>進捗率:</translation>
    </message>
    <message>
        <source>Actual effort (person-days):</source>
        <translation>実績工数(人日):</translation>
    </message>
    <message>
        <source>Percent complete</source>
        <translation>進捗率</translation>
    </message>
    <message>
        <source>Actual effort (person-days)</source>
        <translation>実績工数(人日)</translation>
    </message>
    <message>
        <source>{0} of {1}: “{2}” is not a number. Nothing was saved; what you typed is still in the box.</source>
        <translation>{1} の{0}: 「{2}」は数値ではありません。何も保存していません。入力した内容は欄に残っています。</translation>
    </message>
    <message>
        <source>Edit progress</source>
        <translation>進捗を編集</translation>
    </message>
    <message>
        <source>{0} was deleted in another window or by an import, so its progress was not saved. What you typed: {1} % complete, {2} person-days spent.</source>
        <translation>{0} は別のウィンドウか取り込みで削除されたため、進捗は保存されていません。入力した内容: 進捗率 {1} %、実績工数 {2} 人日</translation>
    </message>
    <message>
        <source>The progress of {0} was changed in another window after this dialog opened: it is now {1} % complete, {2} person-days spent. Nothing was overwritten, and what you entered is still here: OK saves it over theirs, Cancel keeps theirs.</source>
        <translation>「{0}」の進捗は、このダイアログを開いた後に別のウィンドウで変更されました(現在: 進捗率 {1} %、実績工数 {2} 人日)。何も上書きしていません。入力した値はこのダイアログに残っています。OK でこちらの値で上書き、キャンセルで相手の値を残します。</translation>
    </message>
</context>
<context>
    <name>ResourceHooks</name>
    <message>
        <source>People…</source>
        <translation>要員…</translation>
    </message>
    <message>
        <source>The project&apos;s people: role, days a week, share of a day, days off</source>
        <translation>プロジェクトの要員: 役割・週の稼働日数・稼働率・休暇</translation>
    </message>
    <message>
        <source>Level resources…</source>
        <translation>負荷の平準化…</translation>
    </message>
    <message>
        <source>Delay tasks so that nobody works on two at once (by priority, then WBS order); a preview first</source>
        <translation>同じ要員が同時に複数のタスクを担当しないようにタスクを後ろにずらします(優先度順、次にWBS順)。先にプレビューを表示します</translation>
    </message>
    <message>
        <source>Gantt</source>
        <translation>ガント</translation>
    </message>
    <message>
        <source>Load</source>
        <translation>負荷</translation>
    </message>
    <message>
        <source>Nobody is over-allocated: nothing to move.</source>
        <translation>過負荷の要員はいません: 動かすタスクはありません。</translation>
    </message>
    <message>
        <source>Working…</source>
        <translation>処理中…</translation>
    </message>
    <message>
        <source>No people yet: add the project&apos;s people with “People…”; levelling moves the tasks of people who work on two at once.</source>
        <translation>要員がまだいません: 「要員…」でプロジェクトの要員を追加してください。平準化は同時に複数のタスクを担当している要員のタスクを動かします。</translation>
    </message>
    <message>
        <source>Nobody works on two tasks at once: nothing to move.</source>
        <translation>同時に複数のタスクを担当している要員はいません: 動かすタスクはありません。</translation>
    </message>
    <message>
        <source>Nothing moved: the plan changed meanwhile and needs no levelling.</source>
        <translation>動かしたタスクはありません: その間に計画が変わり、平準化は不要になりました。</translation>
    </message>
    <message numerus="yes">
        <source>Levelling moved %n task(s).</source>
        <translation>
            <numerusform>平準化で%n件のタスクを動かしました。</numerusform>
        </translation>
    </message>
    <message>
        <source>Level resources</source>
        <translation>負荷の平準化</translation>
    </message>
</context>
<context>
    <name>WbsCommands</name>
    <message>
        <source>Add task</source>
        <translation>タスクを追加</translation>
    </message>
    <message>
        <source>Add sub-task</source>
        <translation>子タスクを追加</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>削除</translation>
    </message>
    <message>
        <source>Indent</source>
        <translation>インデント</translation>
    </message>
    <message>
        <source>Outdent</source>
        <translation>アウトデント</translation>
    </message>
    <message>
        <source>Move up</source>
        <translation>上へ移動</translation>
    </message>
    <message>
        <source>Move down</source>
        <translation>下へ移動</translation>
    </message>
    <message>
        <source>Predecessors…</source>
        <translation>先行タスク…</translation>
    </message>
    <message>
        <source>Progress…</source>
        <translation>進捗…</translation>
    </message>
    <message>
        <source>Go to answer</source>
        <translation>回答へ移動</translation>
    </message>
    <message>
        <source>New task</source>
        <translation>新しいタスク</translation>
    </message>
    <message>
        <source>Delete tasks</source>
        <translation>タスクの削除</translation>
    </message>
    <message>
        <source>Delete “{0}” with its sub-tasks: {1} tasks in all?</source>
        <translation>「{0}」をサブタスクごと削除しますか?(全{1}件)</translation>
    </message>
    <message>
        <source>Delete the {0} selected tasks with their sub-tasks: {1} tasks in all?</source>
        <translation>選択した{0}件のタスクをサブタスクごと削除しますか?(全{1}件)</translation>
    </message>
    <message>
        <source>Undo brings them back.</source>
        <translation>「元に戻す」で復元できます。</translation>
    </message>
    <message>
        <source>Move tasks</source>
        <translation>タスクの移動</translation>
    </message>
    <message numerus="yes">
        <source>Moved. A summary task cannot wait for its own sub-task, nor a sub-task for its summary: %n link(s) removed ({0}). Edit ▸ Undo puts them back.</source>
        <translation>
            <numerusform>移動しました。親タスクは自分の下位タスクを待てず、下位タスクも親タスクを待てないため、先行関係を%n件外しました({0})。編集 ▸ 元に戻す で戻ります。</numerusform>
        </translation>
    </message>
    <message>
        <source>Change predecessors</source>
        <translation>先行タスクの変更</translation>
    </message>
    <message>
        <source>This task was not generated from hearing answers.</source>
        <translation>このタスクはヒアリングの回答から作られたものではありません。</translation>
    </message>
    <message>
        <source>Generate WBS from hearing</source>
        <translation>ヒアリングからWBSを生成</translation>
    </message>
    <message>
        <source>Nothing changed.</source>
        <translation>何も変更していません。</translation>
    </message>
    <message>
        <source>The WBS already has every task the hearing calls for.</source>
        <translation>ヒアリング結果に必要なタスクはすべてWBSにあります。</translation>
    </message>
    <message>
        <source>Tasks added: {0}, updated: {1}, removed: {2}.</source>
        <translation>{0}件追加、{1}件更新、{2}件削除しました。</translation>
    </message>
    <message numerus="yes">
        <source>%n task(s) you edited no longer match the hearing; they are kept and marked.</source>
        <translation>
            <numerusform>編集済みの%n件はヒアリング結果と合わなくなりましたが、残して印を付けています。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n task(s) you added by hand with a generated task&apos;s phase and title were taken as it, not added again.</source>
        <translation>
            <numerusform>手で追加したタスク %n 件は、同じフェーズ・同じタスク名の生成タスクとして扱い、重ねて追加していません。</numerusform>
        </translation>
    </message>
    <message>
        <source>{0}: tasks changed {1}, new {2}, unchanged {3}.</source>
        <translation>{0}: 変更 {1} 件、新規 {2} 件、変更なし {3} 件。</translation>
    </message>
    <message numerus="yes">
        <source>%n conflict(s): cells changed in the app since the export and in the sheet; the app&apos;s value is kept unless you tick “Take the sheet&apos;s”.</source>
        <translation>
            <numerusform>競合 %n 件: 出力後にアプリとシートの両方で変更されたセルです。「シートの値を採用」にチェックしない限りアプリの値を残します。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n cell(s) changed only in the app since the export are kept.</source>
        <translation>
            <numerusform>出力後にアプリだけで変更された %n セルはそのまま残します。</numerusform>
        </translation>
    </message>
    <message>
        <source>The schedule is up to date.</source>
        <translation>スケジュールは最新です。</translation>
    </message>
    <message numerus="yes">
        <source>Nothing changed: %n task(s) the hearing calls for were not added again, as you deleted them; the WBS has every other task the hearing calls for.</source>
        <translation>
            <numerusform>何も変更していません。削除したタスクのうち、ヒアリングが求める %n 件は追加し直していません(それ以外にヒアリング結果に必要なタスクはWBSにそろっています)。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n task(s) the hearing calls for were not added again, as you deleted them.</source>
        <translation>
            <numerusform>削除したタスクのうち、ヒアリングが求める %n 件は追加し直していません。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n generated task(s) were not added either: each goes under a task you deleted, which stood for it, and is left out with it.</source>
        <translation>
            <numerusform>生成タスク%n件も追加していません。削除したタスクの下に入るもので、そのタスクが兼ねていたため一緒に除いています。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n generated task(s) were not added: each goes under a task of yours with a status or an estimate and no sub-tasks, which stands for it (set that task to Not started with no estimate to have them added).</source>
        <translation>
            <numerusform>生成タスク %n 件は追加していません: 状況か見積が入っていてサブタスクのない自分のタスクの下に入るもので、そのタスクが兼ねています(追加するには、そのタスクを未着手にして見積を空にしてください)。</numerusform>
        </translation>
    </message>
    <message>
        <source>Schedule</source>
        <translation>スケジュール</translation>
    </message>
    <message>
        <source>Export the WBS to Excel</source>
        <translation>WBSをExcelに出力</translation>
    </message>
    <message>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Excelブック (*.xlsx)</translation>
    </message>
    <message>
        <source>Import the WBS from Excel</source>
        <translation>ExcelからWBSを取り込む</translation>
    </message>
    <message>
        <source>{0} ignored (see below).</source>
        <translation>{0} 件は取り込みません(下に理由)。</translation>
    </message>
    <message>
        <source>Import WBS from Excel</source>
        <translation>ExcelからWBSを取り込み</translation>
    </message>
</context>
<context>
    <name>WbsEditing</name>
    <message>
        <source>(All of it is on the clipboard: paste it where it should go.)</source>
        <translation>(全文をクリップボードにコピーしました。必要な場所に貼り付けてください)</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>はい</translation>
    </message>
    <message>
        <source>No</source>
        <translation>いいえ</translation>
    </message>
    <message>
        <source>The WBS</source>
        <translation>WBS</translation>
    </message>
    <message>
        <source>Not saved: someone else changed it meanwhile. What you typed is kept as a draft and asked about again at the next start: {0}</source>
        <translation>保存していません: その間に別の人が変更しました。入力した内容は下書きに残し、次回の起動時にもう一度確認します: {0}</translation>
    </message>
    <message>
        <source>Not saved: someone else changed it meanwhile. What you typed: {0}</source>
        <translation>保存していません: その間に別の人が変更しました。入力した内容: {0}</translation>
    </message>
    <message>
        <source>Working…</source>
        <translation>処理中…</translation>
    </message>
    <message>
        <source>Change predecessors</source>
        <translation>先行タスクの変更</translation>
    </message>
    <message>
        <source>The other selected tasks took what you typed.</source>
        <translation>選択したほかのタスクには、入力した内容を保存しました。</translation>
    </message>
    <message>
        <source>What you typed into {0}: {1}</source>
        <translation>{0} に入力した内容: {1}</translation>
    </message>
    <message>
        <source>{0} was deleted in another window or process, so what you typed was not saved. What you typed: {1}</source>
        <translation>「{0}」は別のウィンドウかプロセスで削除されたため、入力した内容は保存されていません。入力した内容: {1}</translation>
    </message>
    <message>
        <source>Edit {0}</source>
        <translation>{0}の編集</translation>
    </message>
</context>
<context>
    <name>WbsFilterBar</name>
    <message>
        <source>Filter:</source>
        <translation>絞り込み:</translation>
    </message>
    <message>
        <source>Filter by priority</source>
        <translation>優先度で絞り込み</translation>
    </message>
    <message>
        <source>All priorities</source>
        <translation>すべての優先度</translation>
    </message>
    <message>
        <source>Filter by phase</source>
        <translation>フェーズで絞り込み</translation>
    </message>
    <message>
        <source>All phases</source>
        <translation>すべてのフェーズ</translation>
    </message>
    <message>
        <source>Filter by owner</source>
        <translation>担当で絞り込み</translation>
    </message>
    <message>
        <source>All owners</source>
        <translation>すべての担当</translation>
    </message>
    <message>
        <source>No completion condition</source>
        <translation>完了条件なし</translation>
    </message>
    <message>
        <source>Not agreed</source>
        <translation>未合意</translation>
    </message>
    <message>
        <source>Critical path only</source>
        <translation>クリティカルパスのみ</translation>
    </message>
    <message>
        <source>Tasks with no slack: a day&apos;s delay on any of them delays the project&apos;s finish</source>
        <translation>余裕のないタスク: どれか 1 日遅れるとプロジェクトの終了が遅れます</translation>
    </message>
    <message>
        <source>Search tasks</source>
        <translation>タスクを検索</translation>
    </message>
    <message>
        <source>Search…</source>
        <translation>検索…</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>クリア</translation>
    </message>
</context>
<context>
    <name>WbsLoad</name>
    <message>
        <source>1 person</source>
        <translation>1人</translation>
    </message>
    <message>
        <source>{0} people</source>
        <translation>{0}人</translation>
    </message>
    <message>
        <source>1 week</source>
        <translation>1週</translation>
    </message>
    <message>
        <source>{0} weeks</source>
        <translation>{0}週</translation>
    </message>
    <message>
        <source>Over-allocated: {0}, {1}</source>
        <translation>過負荷: {0}・{1}</translation>
    </message>
    <message>
        <source>Over-allocated: {0}, week {1} (from {2})</source>
        <translation>過負荷: {0}さん、第{1}週({2}から)</translation>
    </message>
    <message>
        <source>Week {0}: {1} – {2}</source>
        <translation>第{0}週: {1}〜{2}</translation>
    </message>
    <message>
        <source>{0}: {1} days a week at {2} %</source>
        <translation>{0}: 週{1}日・稼働率{2}%</translation>
    </message>
    <message>
        <source>{0}, week {1} (from {2})</source>
        <translation>{0}さん、第{1}週({2}から)</translation>
    </message>
    <message>
        <source>Work: {0:g} person-days ({1:g} h) of {2:g} available</source>
        <translation>作業: {0:g}人日({1:g}時間)/稼働可能 {2:g}人日</translation>
    </message>
    <message>
        <source>More work than the person&apos;s availability this week</source>
        <translation>この週の稼働可能日数を超えています</translation>
    </message>
    <message>
        <source>{0}: {1:g} person-days of work on one day</source>
        <translation>{0}: 1日に{1:g}人日の作業</translation>
    </message>
    <message>
        <source>Tasks:</source>
        <translation>タスク:</translation>
    </message>
</context>
<context>
    <name>WbsLoading</name>
    <message>
        <source>Loading…</source>
        <translation>読み込み中…</translation>
    </message>
</context>
<context>
    <name>WbsModel</name>
    <message>
        <source>Last edited by: {0}</source>
        <translation>最終更新: {0}</translation>
    </message>
    <message numerus="yes">
        <source>Slack: %n working day(s)</source>
        <translation>
            <numerusform>余裕: %n 営業日</numerusform>
        </translation>
    </message>
    <message>
        <source>On the critical path</source>
        <translation>クリティカルパス上</translation>
    </message>
    <message>
        <source>Follows from the sub-tasks</source>
        <translation>配下のタスクから算出</translation>
    </message>
</context>
<context>
    <name>WbsPage</name>
    <message>
        <source>WBS</source>
        <translation>WBS</translation>
    </message>
    <message>
        <source>Generate / update from hearing</source>
        <translation>ヒアリングから生成・更新</translation>
    </message>
    <message>
        <source>Schedule</source>
        <translation>スケジュール</translation>
    </message>
    <message>
        <source>Import from Excel…</source>
        <translation>Excelから取り込み…</translation>
    </message>
    <message>
        <source>Export to Excel…</source>
        <translation>Excelに出力…</translation>
    </message>
    <message>
        <source>Baselines…</source>
        <translation>ベースライン…</translation>
    </message>
    <message>
        <source>Save the schedule as a baseline; earned value (PV, EV, AC, SPI, CPI) against it</source>
        <translation>日程をベースラインとして保存し、それに対する出来高(PV・EV・AC・SPI・CPI)を表示します</translation>
    </message>
    <message>
        <source>Adds the tasks the hearing calls for; never changes or removes a task you edited</source>
        <translation>ヒアリング結果に必要なタスクを追加します。編集したタスクは変更・削除しません</translation>
    </message>
    <message>
        <source>Fill in start and finish dates from the project start over Japanese working days</source>
        <translation>プロジェクト開始日から日本の稼働日で開始日・終了日を計算します</translation>
    </message>
    <message>
        <source>WBS editing</source>
        <translation>WBSの編集</translation>
    </message>
    <message>
        <source>WBS tasks</source>
        <translation>WBSのタスク</translation>
    </message>
    <message>
        <source>WBS columns</source>
        <translation>WBSの列</translation>
    </message>
    <message>
        <source>No WBS yet. Press “Generate / update from hearing” to propose the tasks the hearing calls for, or Insert to add your own.</source>
        <translation>WBSはまだありません。「ヒアリングから生成・更新」でヒアリング結果に必要なタスクを提案するか、Insertキーでタスクを追加してください。</translation>
    </message>
    <message numerus="yes">
        <source>%n task(s) · {0} person-days · {1} without completion condition · {2} not agreed · {3} with problems</source>
        <translation>
            <numerusform>タスク %n件 · {0}人日 · 完了条件なし {1}件 · 未合意 {2}件 · 要確認 {3}件</numerusform>
        </translation>
    </message>
    <message>
        <source>By phase: {0}</source>
        <translation>フェーズ別: {0}</translation>
    </message>
    <message>
        <source>By role: {0}</source>
        <translation>ロール別: {0}</translation>
    </message>
    <message>
        <source>By priority: {0}</source>
        <translation>優先度別: {0}</translation>
    </message>
    <message>
        <source>Why: {0}</source>
        <translation>理由: {0}</translation>
    </message>
</context>
<context>
    <name>WbsRefused</name>
    <message>
        <source>“{0}” (deleted)</source>
        <translation>「{0}」(削除済み)</translation>
    </message>
    <message>
        <source>What you typed into {0} was not saved and is kept as a draft in its cell ({1}: {2}): {3}</source>
        <translation>{0} に入力した値は保存されず、下書きとしてセルに残しています（{1}: {2}）: {3}</translation>
    </message>
    <message>
        <source>Not saved, kept as a draft: {0}</source>
        <translation>未保存(下書きとして保持): {0}</translation>
    </message>
    <message>
        <source>Type a value the task takes, or open the cell and press Escape to drop it.</source>
        <translation>受け付けられる値を入力し直すか、セルを開いて Esc キーで破棄してください。</translation>
    </message>
</context>
<context>
    <name>WbsTreeView</name>
    <message>
        <source>The WBS tree takes no paste: nothing was pasted. Type in a task&apos;s cells, or add tasks with Add task (Insert).</source>
        <translation>WBS ツリーには貼り付けできません: 何も貼り付けていません。タスクのセルに入力するか、「タスクを追加」(Insert) でタスクを追加してください。</translation>
    </message>
</context>
<context>
    <name>WbsWaiting</name>
    <message>
        <source>it could not be read.</source>
        <translation>読み取れませんでした。</translation>
    </message>
    <message>
        <source>A WBS edit kept waiting was not saved: {0} What you typed: {1}</source>
        <translation>待機中だった WBS の編集は保存されませんでした: {0} 入力内容: {1}</translation>
    </message>
    <message>
        <source>Change predecessors</source>
        <translation>先行タスクの変更</translation>
    </message>
    <message>
        <source>Edit {0}</source>
        <translation>{0}の編集</translation>
    </message>
</context>
</TS>
