<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>HolidaysTab</name>
    <message numerus="yes">
        <source>%n day(s) removed.</source>
        <translation>
            <numerusform>%n day removed.</numerusform>
            <numerusform>%n days removed.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n day(s) added.</source>
        <translation>
            <numerusform>%n day added.</numerusform>
            <numerusform>%n days added.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <source>%n orphaned answer(s)</source>
        <translation>
            <numerusform>%n orphaned answer</numerusform>
            <numerusform>%n orphaned answers</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Offline: %n edit(s) waiting</source>
        <translation>
            <numerusform>Offline: %n edit waiting</numerusform>
            <numerusform>Offline: %n edits waiting</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n draft(s) not saved, not on disk either: closing the window loses them</source>
        <translation>
            <numerusform>%n draft not saved, not on disk either: closing the window loses it</numerusform>
            <numerusform>%n drafts not saved, not on disk either: closing the window loses them</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n draft(s) not saved</source>
        <translation>
            <numerusform>%n draft not saved</numerusform>
            <numerusform>%n drafts not saved</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Also open in %n other window(s)</source>
        <translation>
            <numerusform>Also open in %n other window</numerusform>
            <numerusform>Also open in %n other windows</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n draft(s) not saved, and not kept on disk either ({0}): closing the window loses them. Free some space (they are then written again by themselves), or copy the text first. Close and lose them?</source>
        <translation>
            <numerusform>%n draft not saved, and not kept on disk either ({0}): closing the window loses it. Free some space (it is then written again by itself), or copy the text first. Close and lose it?</numerusform>
            <numerusform>%n drafts not saved, and not kept on disk either ({0}): closing the window loses them. Free some space (they are then written again by themselves), or copy the text first. Close and lose them?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n draft(s) not saved: values that do not fit their item yet, or edits a busy database kept waiting. Close and lose them?</source>
        <translation>
            <numerusform>%n draft not saved: a value that does not fit its item yet, or an edit a busy database kept waiting. Close and lose it?</numerusform>
            <numerusform>%n drafts not saved: values that do not fit their item yet, or edits a busy database kept waiting. Close and lose them?</numerusform>
        </translation>
    </message>
</context>
</TS>
