<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>ReviewEditing</name>
    <message numerus="yes">
        <source>Accept (%n)</source>
        <translation>
            <numerusform>Accept (%n)</numerusform>
            <numerusform>Accept (%n)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Accept the suggestions of the %n selected item(s) that have some, as one undo step</source>
        <translation>
            <numerusform>Accept the suggestions of the %n selected item that has some, as one undo step</numerusform>
            <numerusform>Accept the suggestions of the %n selected items that have some, as one undo step</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Make a WBS task (%n)</source>
        <translation>
            <numerusform>Make a WBS task (%n)</numerusform>
            <numerusform>Make WBS tasks (%n)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Make a WBS task of each of the %n selected unmet item(s) without one, as one undo step</source>
        <translation>
            <numerusform>Make a WBS task of the %n selected unmet item without one, as one undo step</numerusform>
            <numerusform>Make a WBS task of each of the %n selected unmet items without one, as one undo step</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Accept the suggestions for %n item(s)</source>
        <translation>
            <numerusform>Accept the suggestions for %n item</numerusform>
            <numerusform>Accept the suggestions for %n items</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Accept %n suggestion(s) in {0}</source>
        <translation>
            <numerusform>Accept %n suggestion in {0}</numerusform>
            <numerusform>Accept %n suggestions in {0}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Make %n WBS task(s)</source>
        <translation>
            <numerusform>Make %n WBS task</numerusform>
            <numerusform>Make %n WBS tasks</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReviewPage</name>
    <message numerus="yes">
        <source>%n suggestion(s) from what the project already knows</source>
        <translation>
            <numerusform>%n suggestion from what the project already knows</numerusform>
            <numerusform>%n suggestions from what the project already knows</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReviewPictures</name>
    <message numerus="yes">
        <source>{0} · {1} of %n test(s) scored</source>
        <translation>
            <numerusform>{0} · {1} of %n test scored</numerusform>
            <numerusform>{0} · {1} of %n tests scored</numerusform>
        </translation>
    </message>
</context>
</TS>
