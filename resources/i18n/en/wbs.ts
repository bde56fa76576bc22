<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>LevelPreviewDialog</name>
    <message numerus="yes">
        <source>%n task(s) move so that nobody works on two tasks at once (by priority, then WBS order). Apply is one step: Edit ▸ Undo puts every date back.</source>
        <translation>
            <numerusform>%n task moves so that nobody works on two tasks at once (by priority, then WBS order). Apply is one step: Edit ▸ Undo puts every date back.</numerusform>
            <numerusform>%n tasks move so that nobody works on two tasks at once (by priority, then WBS order). Apply is one step: Edit ▸ Undo puts every date back.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ResourceHooks</name>
    <message numerus="yes">
        <source>Levelling moved %n task(s).</source>
        <translation>
            <numerusform>Levelling moved %n task.</numerusform>
            <numerusform>Levelling moved %n tasks.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>WbsCommands</name>
    <message numerus="yes">
        <source>Moved. A summary task cannot wait for its own sub-task, nor a sub-task for its summary: %n link(s) removed ({0}). Edit ▸ Undo puts them back.</source>
        <translation>
            <numerusform>Moved. A summary task cannot wait for its own sub-task, nor a sub-task for its summary: %n link removed ({0}). Edit ▸ Undo puts it back.</numerusform>
            <numerusform>Moved. A summary task cannot wait for its own sub-task, nor a sub-task for its summary: %n links removed ({0}). Edit ▸ Undo puts them back.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n task(s) you edited no longer match the hearing; they are kept and marked.</source>
        <translation>
            <numerusform>%n task you edited no longer matches the hearing; it is kept and marked.</numerusform>
            <numerusform>%n tasks you edited no longer match the hearing; they are kept and marked.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Nothing changed: %n task(s) the hearing calls for were not added again, as you deleted them; the WBS has every other task the hearing calls for.</source>
        <translation>
            <numerusform>Nothing changed: %n task the hearing calls for was not added again, as you deleted it; the WBS has every other task the hearing calls for.</numerusform>
            <numerusform>Nothing changed: %n tasks the hearing calls for were not added again, as you deleted them; the WBS has every other task the hearing calls for.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n task(s) you added by hand with a generated task&apos;s phase and title were taken as it, not added again.</source>
        <translation>
            <numerusform>%n task you added by hand with a generated task&apos;s phase and title was taken as it, not added again.</numerusform>
            <numerusform>%n tasks you added by hand with a generated task&apos;s phase and title were taken as them, not added again.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n task(s) the hearing calls for were not added again, as you deleted them.</source>
        <translation>
            <numerusform>%n task the hearing calls for was not added again, as you deleted it.</numerusform>
            <numerusform>%n tasks the hearing calls for were not added again, as you deleted them.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n generated task(s) were not added either: each goes under a task you deleted, which stood for it, and is left out with it.</source>
        <translation>
            <numerusform>%n generated task was not added either: it goes under a task you deleted, which stood for it, and is left out with it.</numerusform>
            <numerusform>%n generated tasks were not added either: they go under a task you deleted, which stood for them, and are left out with it.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n generated task(s) were not added: each goes under a task of yours with a status or an estimate and no sub-tasks, which stands for it (set that task to Not started with no estimate to have them added).</source>
        <translation>
            <numerusform>%n generated task was not added: it goes under a task of yours with a status or an estimate and no sub-tasks, which stands for it (set that task to Not started with no estimate to have it added).</numerusform>
            <numerusform>%n generated tasks were not added: each goes under a task of yours with a status or an estimate and no sub-tasks, which stands for it (set that task to Not started with no estimate to have them added).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n conflict(s): cells changed in the app since the export and in the sheet; the app&apos;s value is kept unless you tick “Take the sheet&apos;s”.</source>
        <translation>
            <numerusform>%n conflict: a cell changed in the app since the export and in the sheet; the app&apos;s value is kept unless you tick “Take the sheet&apos;s”.</numerusform>
            <numerusform>%n conflicts: cells changed in the app since the export and in the sheet; the app&apos;s value is kept unless you tick “Take the sheet&apos;s”.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n cell(s) changed only in the app since the export are kept.</source>
        <translation>
            <numerusform>%n cell changed only in the app since the export is kept.</numerusform>
            <numerusform>%n cells changed only in the app since the export are kept.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>WbsModel</name>
    <message numerus="yes">
        <source>Slack: %n working day(s)</source>
        <translation>
            <numerusform>Slack: %n working day</numerusform>
            <numerusform>Slack: %n working days</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>WbsPage</name>
    <message numerus="yes">
        <source>%n task(s) · {0} person-days · {1} without completion condition · {2} not agreed · {3} with problems</source>
        <translation>
            <numerusform>%n task · {0} person-days · {1} without completion condition · {2} not agreed · {3} with problems</numerusform>
            <numerusform>%n tasks · {0} person-days · {1} without completion condition · {2} not agreed · {3} with problems</numerusform>
        </translation>
    </message>
</context>
</TS>
