<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja" sourcelanguage="en">
<context>
    <name>DataCiPage</name>
    <message>
        <location filename="../../app/ui/pages/data_ci.py" line="16"/>
        <source>Data platform &amp; CI</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/data_ci.py" line="20"/>
        <source>Decide where raw data, processed data, models and metadata live, with access rights and dataset-list versioning, and which CI runs the pipeline and records each experiment on every push. The choices feed the wiki&apos;s data-platform and CI pages.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ExperimentPage</name>
    <message>
        <location filename="../../app/ui/pages/experiment.py" line="16"/>
        <source>Experiment environment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/experiment.py" line="20"/>
        <source>Choose the repository host, branch model, directory template and experiment tracking, and generate the experiment-rules wiki (table of contents 0-7), the experiment-management sheet and a project scaffold with a Dockerfile and a baseline pipeline.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ExportsPage</name>
    <message>
        <location filename="../../app/ui/pages/exports.py" line="23"/>
        <source>Exports</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/exports.py" line="30"/>
        <source>Project file (JSON)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/exports.py" line="35"/>
        <source>The whole project (answers with their history, hearing sessions and documents) in one file, to hand to a colleague or keep as a backup. Importing creates a new project; nothing existing changes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/exports.py" line="42"/>
        <source>Export project…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/exports.py" line="44"/>
        <source>Export project to a JSON file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/exports.py" line="46"/>
        <source>Import project…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/exports.py" line="48"/>
        <source>Import a project from a JSON file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/exports.py" line="60"/>
        <source>Documents</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/exports.py" line="65"/>
        <source>Hearing sheet, minutes and follow-ups, the WBS workbook, the proposal, the experiment-rules wiki, the experiment-management sheet and the system-planning document appear here as their pages are built.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/exports.py" line="83"/>
        <source>Export project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/exports.py" line="83"/>
        <location filename="../../app/ui/pages/exports.py" line="104"/>
        <source>Project files (*.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/exports.py" line="96"/>
        <source>Wrote {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/exports.py" line="104"/>
        <source>Import project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/exports.py" line="115"/>
        <source>Imported as “{0}”</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HearingPage</name>
    <message>
        <location filename="../../app/ui/pages/hearing.py" line="16"/>
        <source>Hearing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/hearing.py" line="20"/>
        <source>Work through the customer hearing checklist during the meeting: project basics, goals and KPIs, data sources, users, environment, tools, concerns and the scope by MLOps maturity level, now and later side by side, with an interview mode for the projector and a hearing sheet to send to the customer.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../app/ui/main_window.py" line="53"/>
        <source>Pages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="110"/>
        <source>Hearing progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="112"/>
        <source>Hearing %p%</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="122"/>
        <source>Project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="125"/>
        <source>Project:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="128"/>
        <source>Current project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="144"/>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="146"/>
        <source>&amp;New Project…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="147"/>
        <source>&amp;Open Project…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="150"/>
        <source>Open &amp;Recent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="155"/>
        <source>Project &amp;Properties…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="156"/>
        <source>Re&amp;name Project…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="157"/>
        <source>&amp;Duplicate Project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="158"/>
        <location filename="../../app/ui/main_window.py" line="271"/>
        <source>&amp;Archive Project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="159"/>
        <source>De&amp;lete Project…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="163"/>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="167"/>
        <source>&amp;Edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="169"/>
        <source>&amp;Undo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="172"/>
        <source>&amp;Redo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="178"/>
        <source>&amp;Go</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="184"/>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="186"/>
        <source>User &amp;Guide</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="187"/>
        <source>&amp;About MLOps Kickoff</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="190"/>
        <source>All changes saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="192"/>
        <source>Save state</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="198"/>
        <source>Database: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="261"/>
        <source>No project open: File ▸ New Project or Open Project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="265"/>
        <source> (archived)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="271"/>
        <source>Restore Project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="285"/>
        <source>Hearing {0}/{1} answered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="287"/>
        <source>{0} to follow up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="289"/>
        <source>{0} orphaned answers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="293"/>
        <source>Saved {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="298"/>
        <source>New project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="298"/>
        <source>Project name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="330"/>
        <source>No recent projects</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="341"/>
        <source>Rename project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="341"/>
        <source>New name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="378"/>
        <source>Delete “{0}” and everything in it? This cannot be undone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="379"/>
        <source>Delete project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="394"/>
        <source>User Guide</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="402"/>
        <source>The user guide is missing from this installation.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="410"/>
        <source>MLOps Kickoff {0}
Plan the PoC phase of a customer ML project: hearing, WBS, proposal, experiment environment and system planning, with every document generated from one set of answers.

Data folder: {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="413"/>
        <source>About MLOps Kickoff</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PlaceholderPage</name>
    <message>
        <location filename="../../app/ui/pages/base.py" line="62"/>
        <source>This page is not built yet. Everything you enter elsewhere is kept and will feed it.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ProjectPropertiesDialog</name>
    <message>
        <location filename="../../app/ui/project_properties.py" line="32"/>
        <source>Project properties</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/project_properties.py" line="40"/>
        <source>Set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/project_properties.py" line="57"/>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/project_properties.py" line="58"/>
        <source>Customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/project_properties.py" line="59"/>
        <source>Description</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/project_properties.py" line="60"/>
        <source>Document language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/project_properties.py" line="64"/>
        <location filename="../../app/ui/project_properties.py" line="65"/>
        <source>PoC start</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ProjectTableModel</name>
    <message>
        <location filename="../../app/ui/projects_dialog.py" line="66"/>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/projects_dialog.py" line="67"/>
        <source>Customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/projects_dialog.py" line="68"/>
        <source>Last modified</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/projects_dialog.py" line="69"/>
        <source>Archived</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/projects_dialog.py" line="89"/>
        <source>archived</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ProjectsDialog</name>
    <message>
        <location filename="../../app/ui/projects_dialog.py" line="103"/>
        <location filename="../../app/ui/projects_dialog.py" line="109"/>
        <source>Projects</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/projects_dialog.py" line="118"/>
        <source>Show archived</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/projects_dialog.py" line="125"/>
        <source>New…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/projects_dialog.py" line="126"/>
        <source>Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/projects_dialog.py" line="127"/>
        <source>Rename…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/projects_dialog.py" line="128"/>
        <source>Duplicate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/projects_dialog.py" line="129"/>
        <location filename="../../app/ui/projects_dialog.py" line="173"/>
        <source>Archive</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/projects_dialog.py" line="130"/>
        <source>Delete…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/projects_dialog.py" line="139"/>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/projects_dialog.py" line="173"/>
        <source>Restore</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/projects_dialog.py" line="186"/>
        <source>New project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/projects_dialog.py" line="186"/>
        <source>Project name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/projects_dialog.py" line="204"/>
        <source>Rename project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/projects_dialog.py" line="204"/>
        <source>New name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/projects_dialog.py" line="230"/>
        <source>Delete “{0}” and everything in it? This cannot be undone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/projects_dialog.py" line="231"/>
        <source>Delete project</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ProposalPage</name>
    <message>
        <location filename="../../app/ui/pages/proposal.py" line="16"/>
        <source>Kickoff proposal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/proposal.py" line="20"/>
        <source>Build the kickoff proposal for the project leader and the data scientists: the background, the typical problems that hit later phases with their countermeasures, the purpose and definition of MLOps, the scope by maturity level (taken from the hearing), a schedule overview and a rough effort estimate for the MLOps side and the data-science side. Live preview and export to Markdown, HTML and PDF.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SystemPlanningPage</name>
    <message>
        <location filename="../../app/ui/pages/system_planning.py" line="16"/>
        <source>System planning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/system_planning.py" line="20"/>
        <source>Work through the system-planning checklist before the build phase (requirements, process flow with data volume and processing time, architecture, cost, non-functional requirements, monitoring, deployment) and turn measured processing times into an infrastructure cost estimate.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WbsPage</name>
    <message>
        <location filename="../../app/ui/pages/wbs.py" line="16"/>
        <source>WBS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/pages/wbs.py" line="20"/>
        <source>Generate the WBS from the hearing answers: every task with its priority, completion condition and expected output, including the often-missed adoption and resource-expansion tasks. Edit it as a tree with undo, schedule it over Japanese working days, and export it to Excel, MS Project XML and an issue-tracker CSV.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
