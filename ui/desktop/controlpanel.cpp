#include "controlpanel.h"

#include "bytesspinbox.h"
#include "sliderspinbox.h"
#include "strategystyle.h"
#include "wording.h"
#include "workloadoptions.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPainter>
#include <QPixmap>
#include <QPushButton>
#include <QScrollArea>
#include <QSettings>
#include <QSpinBox>
#include <QStyle>
#include <QToolButton>
#include <QVBoxLayout>
#include <algorithm>

namespace {
QIcon swatch(const QColor& color)
{
    QPixmap pixmap(12, 12);
    pixmap.fill(color);
    return QIcon(pixmap);
}

// A runtime's line as the chart draws it: native solid with a filled point, python dashed with a hollow one.
QIcon runtimeSwatch(RuntimeKind runtime)
{
    QPixmap pixmap(24, 12);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    const QColor ink(0x44, 0x44, 0x44);
    const bool python = runtime == RuntimeKind::Python;
    QPen line(ink, 2, python ? Qt::CustomDashLine : Qt::SolidLine);
    if (python)
        line.setDashPattern({ 2.5, 1.5 });
    painter.setPen(line);
    painter.drawLine(QPointF(1, 6), QPointF(23, 6));
    painter.setPen(QPen(ink, 1.5));
    painter.setBrush(python ? QBrush(Qt::white) : QBrush(ink));
    painter.drawEllipse(QPointF(12, 6), 3.5, 3.5);
    return QIcon(pixmap);
}

// What a runtime is, for its check box's tooltip: a new RuntimeKind fails the build here until it says.
QString runtimeHelp(RuntimeKind runtime)
{
    switch (runtime) {
    case RuntimeKind::Native:
        return ControlPanel::tr("The engine itself: C++ threads, worker processes and event loops");
    case RuntimeKind::Python:
        return ControlPanel::tr(
            "CPython on this machine (python3, or $CONLAB_PYTHON) running the same plan the way a Python user writes "
            "it: a loop, ThreadPool, Pool, a Pool of ThreadPools, asyncio. Its interpreter's start-up is not counted "
            "in a run's time (the runs table shows it as Start-up).");
    }
    return {};
}

// Slider ends: the spin boxes take anything the plan accepts, the sliders stop where the machine does.
int clampedCeiling(qint64 ceiling, int fallback, int hardMaximum)
{
    if (ceiling <= 0)
        return fallback;
    return int(std::min<qint64>(ceiling, hardMaximum));
}

constexpr int customPresetIndex = 0;

// An option editor's value as setWorkloadOption() reads it and workloadOptionValue() writes it; a flag's is whether
// it is checked ("1" or empty).
QString editorText(const QWidget* editor)
{
    if (const auto* box = qobject_cast<const QCheckBox*>(editor))
        return box->isChecked() ? QStringLiteral("1") : QString();
    if (const auto* bytes = qobject_cast<const BytesSpinBox*>(editor))
        return QString::number(bytes->bytes());
    if (const auto* spin = qobject_cast<const QSpinBox*>(editor))
        return QString::number(spin->value());
    if (const auto* line = qobject_cast<const QLineEdit*>(editor))
        return line->text();
    return {};
}

void setEditorText(QWidget* editor, const QString& text)
{
    if (auto* box = qobject_cast<QCheckBox*>(editor))
        box->setChecked(!text.isEmpty());
    else if (auto* bytes = qobject_cast<BytesSpinBox*>(editor))
        bytes->setBytes(text.toLongLong());
    else if (auto* spin = qobject_cast<QSpinBox*>(editor))
        spin->setValue(text.toInt());
    else if (auto* line = qobject_cast<QLineEdit*>(editor))
        line->setText(text);
}

// The option as its editor shows it: a flag's "1" when set.
QString optionText(const WorkloadOptions& options, WorkloadOption option)
{
    if (workloadOptionIsFlag(option))
        return workloadOptionIsSet(options, option) ? QStringLiteral("1") : QString();
    return workloadOptionValue(options, option);
}

bool anyReads(const QList<WorkloadKind>& workloads, WorkloadOption option)
{
    return std::any_of(workloads.cbegin(), workloads.cend(), [option](WorkloadKind kind) {
        const WorkloadDescription* description = findWorkload(kind);
        return description && description->reads(option);
    });
}

QString settingsKey(WorkloadOption option)
{
    return QStringLiteral("plan/options/") + workloadOptionName(option);
}

struct OptionEditor
{
    QWidget* editor;
    QString label; // of its form row; empty for a check box, which carries its own
};

// The one place that says how an option is edited: a new WorkloadOption fails the build here until it has an editor.
OptionEditor makeOptionEditor(WorkloadOption option, QWidget* parent)
{
    switch (option) {
    case WorkloadOption::CpuMs: {
        auto* spin = new QSpinBox(parent);
        spin->setRange(0, PlanLimits::MaxTaskMs);
        spin->setSuffix(ControlPanel::tr(" ms"));
        return { spin, ControlPanel::tr("CP&U part") };
    }
    case WorkloadOption::Bytes: {
        auto* bytes = new BytesSpinBox(parent);
        bytes->setRange(1, double(MaxFileBytes));
        bytes->setBytes(DefaultFileBytes);
        return { bytes, ControlPanel::tr("File si&ze") };
    }
    case WorkloadOption::Fsync:
        return { new QCheckBox(ControlPanel::tr("fs&ync each file"), parent), {} };
    case WorkloadOption::Dir: {
        auto* line = new QLineEdit(parent);
        line->setPlaceholderText(QStringLiteral("$TMPDIR or /tmp"));
        line->setClearButtonEnabled(true);
        return { line, ControlPanel::tr("Di&rectory") };
    }
    case WorkloadOption::Command: {
        auto* line = new QLineEdit(parent);
        line->setPlaceholderText(QStringLiteral("curl -s -o /dev/null https://example.org/item/{}"));
        line->setClearButtonEnabled(true);
        return { line, ControlPanel::tr("Co&mmand") };
    }
    case WorkloadOption::Shell:
        return { new QCheckBox(ControlPanel::tr("Through a she&ll"), parent), {} };
    case WorkloadOption::InterpreterLock:
        return { new QCheckBox(ControlPanel::tr("&Interpreter lock (GIL)"), parent), {} };
    }
    return { new QWidget(parent), {} };
}
} // namespace

ControlPanel::ControlPanel(const MachineInfo& machine, QWidget* parent)
    : QWidget(parent)
    , m_machine(machine)
    , m_presetBox(new QComboBox(this))
    , m_workloadBox(new QComboBox(this))
    , m_severalWorkloadsBox(new QCheckBox(tr("Se&veral"), this))
    , m_workloadChecks(new QWidget(this))
    , m_workloadForm(nullptr)
    , m_taskMs(new SliderSpinBox(tr("&Duration"), this))
    , m_tasksFrom(new SliderSpinBox(tr("&From"), this))
    , m_tasksTo(new SliderSpinBox(tr("&To"), this))
    , m_tasksStep(new SliderSpinBox(tr("St&ep"), this))
    , m_taskCountsEdit(new QLineEdit(this))
    , m_threads(new SliderSpinBox(tr("T&hreads per process"), this))
    , m_processes(new SliderSpinBox(tr("Worker &processes"), this))
    , m_chunksizeBox(new QComboBox(this))
    , m_repeats(new SliderSpinBox(tr("R&epeats"), this))
    , m_parameters(new QWidget(this))
    , m_verdictLabel(new QLabel(this))
    , m_runButton(new QPushButton(tr("Run"), this))
    , m_cancelButton(new QPushButton(tr("Cancel"), this))
{
    using namespace PlanLimits;
    const qint64 ceiling = machine.limits.effectiveThreadCeiling();
    const qint64 perProcess = machine.limits.threadsPerProcessCeiling();

    m_presetBox->addItem(tr("Custom"));
    for (SweepPreset preset : allPresets()) {
        m_presetBox->addItem(presetTitle(preset), QVariant::fromValue(int(preset)));
        m_presetBox->setItemData(m_presetBox->count() - 1, presetDescription(preset), Qt::ToolTipRole);
    }
    m_presetBox->setToolTip(tr("Ready-made sweeps; changing any parameter makes the sweep custom"));

    QStringList workloadTips;
    for (WorkloadKind workload : allWorkloadKinds()) {
        m_workloadBox->addItem(workloadLabel(workload), int(workload));
        workloadTips.append(QStringLiteral("%1: %2").arg(workloadName(workload), workloadHelp(workload)));
    }
    m_workloadBox->setToolTip(workloadTips.join(QStringLiteral("; ")));
    // Narrower than its longest label, so that "Several" fits beside it in the panel's width.
    m_workloadBox->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_workloadBox->setMinimumContentsLength(12);
    m_severalWorkloadsBox->setToolTip(tr("Run the whole sweep once per checked workload, for a decision table per "
                                         "workload (conlab sweep --workloads)"));
    auto* workloadChecksLayout = new QGridLayout(m_workloadChecks); // two columns, as the strategies
    workloadChecksLayout->setContentsMargins(0, 0, 0, 0);
    for (WorkloadKind workload : allWorkloadKinds()) {
        auto* box = new QCheckBox(workloadName(workload), m_workloadChecks);
        box->setToolTip(QStringLiteral("%1: %2").arg(workloadLabel(workload), workloadHelp(workload)));
        const int index = int(m_workloadBoxes.size());
        workloadChecksLayout->addWidget(box, index / 2, index % 2);
        m_workloadBoxes.insert(workload, box);
        connect(box, &QCheckBox::toggled, this, &ControlPanel::onParameterChanged);
    }

    m_taskMs->setRange(0, MaxTaskMs, 10'000);
    m_taskMs->setSuffix(tr(" ms"));
    m_taskMs->setToolTip(tr("How long one task takes on its own: the h of the article's T = h·⌈n/w⌉ + (n/w)·y + o"));

    const int tasksSliderEnd = 10'000;
    for (SliderSpinBox* box : { m_tasksFrom, m_tasksTo })
        box->setRange(1, MaxTasks, tasksSliderEnd);
    m_tasksStep->setRange(1, MaxTasks, 1000);
    m_tasksFrom->setToolTip(tr("The smallest batch size measured (n)"));
    m_tasksTo->setToolTip(tr("The largest batch size measured (n)"));
    m_tasksStep->setToolTip(tr("The distance between measured batch sizes"));
    m_taskCountsEdit->setPlaceholderText(tr("FROM:TO:STEP, or a list A,B,C"));
    m_taskCountsEdit->setToolTip(
        tr("The task counts as conlab sweep --tasks takes them: N, FROM:TO:STEP or a list such as 100,500,2000. It "
           "follows the sliders; a list that no range holds is measured as typed until a slider moves."));

    m_threads->setRange(0, MaxThreads, clampedCeiling(perProcess, 32'768, MaxThreads));
    m_threads->setSpecialValueText(tr("auto"));
    m_threads->setToolTip(
        tr("Threads per strategy: %1. auto is that default. The slider ends at this machine's ceiling (%2); beyond "
           "it the OS refuses threads, which a sweep records as refused runs.")
            .arg(settingHelpText(RunSetting::Threads), perProcess < 0 ? tr("unknown") : QString::number(perProcess)));

    const int coreCount = std::max(1, machine.cores);
    m_processes->setRange(0, MaxProcesses, clampedCeiling(ceiling, 64, std::max(64, 8 * coreCount)));
    m_processes->setSpecialValueText(tr("auto (%1)").arg(coreCount));
    m_processes->setToolTip(tr("Worker processes per strategy: %1. auto: each strategy's default (one per core, %2 "
                               "here, where it uses worker processes)")
                                .arg(settingHelpText(RunSetting::Processes))
                                .arg(coreCount));

    m_chunksizeBox->addItem(tr("one task at a time"), ChunkOneAtATime);
    m_chunksizeBox->addItem(tr("Python's rule, ⌈n / 4C⌉"), ChunkPythonRule);
    m_chunksizeBox->setToolTip(tr("How the processes strategy hands out tasks: one at a time to whichever worker is "
                                  "free, or in chunks as Python's Pool.map does"));

    m_repeats->setRange(1, MaxRepeats, 100);
    m_repeats->setToolTip(tr("How often each (strategy, task count) is measured; the statistics need at least 2, "
                             "outliers are only flagged from 5"));

    // The parameters scroll in a short window; the verdict and Run stay in sight below them.
    QWidget* parameters = m_parameters;

    auto* strategiesBox = new QGroupBox(tr("Strategies"), parameters);
    auto* strategiesLayout = new QGridLayout(strategiesBox); // three columns: the panel fits 640 pixels of height
    for (StrategyKind strategy : allStrategies()) {
        auto* box = new QCheckBox(strategyName(strategy), strategiesBox);
        box->setIcon(swatch(strategyColor(strategy)));
        box->setToolTip(strategyDescription(strategy));
        const int index = int(m_strategyBoxes.size());
        strategiesLayout->addWidget(box, index / 3, index % 3);
        m_strategyBoxes.insert(strategy, box);
        connect(box, &QCheckBox::toggled, this, &ControlPanel::onParameterChanged);
    }
    // Every checked strategy runs in every checked runtime: a row of the same box, not a group of its own, so that the
    // panel still fits 640 pixels of height.
    auto* runtimesRow = new QHBoxLayout;
    auto* runtimesLabel = new QLabel(tr("Run in:"), strategiesBox);
    runtimesLabel->setToolTip(tr("Each strategy runs in each runtime checked, taking turns run by run"));
    runtimesRow->addWidget(runtimesLabel);
    for (RuntimeKind runtime : allRuntimes()) {
        auto* box = new QCheckBox(runtimeName(runtime), strategiesBox);
        box->setIcon(runtimeSwatch(runtime));
        box->setToolTip(runtimeHelp(runtime));
        runtimesRow->addWidget(box);
        m_runtimeBoxes.insert(runtime, box);
        connect(box, &QCheckBox::toggled, this, &ControlPanel::onParameterChanged);
    }
    runtimesRow->addStretch(1);
    strategiesLayout->addLayout(runtimesRow, (int(m_strategyBoxes.size()) + 2) / 3, 0, 1, 3);

    // The workload, then its duration and options: a row per option, shown while a chosen workload reads it.
    auto* workloadGroup = new QGroupBox(tr("Workload"), parameters);
    m_workloadForm = new QFormLayout(workloadGroup);
    m_workloadForm->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    // The box and "Several" share a row: the panel fits 640 pixels of height without scrolling.
    auto* workloadRow = new QWidget(workloadGroup);
    auto* workloadRowLayout = new QHBoxLayout(workloadRow);
    workloadRowLayout->setContentsMargins(0, 0, 0, 0);
    workloadRowLayout->addWidget(m_workloadBox, 1);
    workloadRowLayout->addWidget(m_severalWorkloadsBox);
    m_workloadForm->addRow(workloadRow);
    m_workloadForm->addRow(m_workloadChecks);
    m_workloadForm->addRow(m_taskMs);
    m_taskMs->setLabelBeside(0);
    for (const WorkloadOptionDescription& described : allWorkloadOptions()) {
        // Named, not a structured binding: clang 14 cannot capture one, and the Browse… button below captures it.
        const auto made = makeOptionEditor(described.option, workloadGroup);
        QWidget* const editor = made.editor;
        const QString labelText = made.label;
        editor->setToolTip(workloadOptionHelp(described.option));
        if (auto* box = qobject_cast<QCheckBox*>(editor))
            connect(box, &QCheckBox::toggled, this, &ControlPanel::onParameterChanged);
        else if (auto* bytes = qobject_cast<QDoubleSpinBox*>(editor))
            connect(bytes, &QDoubleSpinBox::valueChanged, this, &ControlPanel::onParameterChanged);
        else if (auto* spin = qobject_cast<QSpinBox*>(editor))
            connect(spin, &QSpinBox::valueChanged, this, &ControlPanel::onParameterChanged);
        else if (auto* line = qobject_cast<QLineEdit*>(editor))
            connect(line, &QLineEdit::textChanged, this, &ControlPanel::onParameterChanged);
        m_optionEditors.insert(described.option, editor);
        // The directory gets a Browse… button beside its line edit.
        QWidget* row = editor;
        if (described.option == WorkloadOption::Dir) {
            row = new QWidget(workloadGroup);
            auto* rowLayout = new QHBoxLayout(row);
            rowLayout->setContentsMargins(0, 0, 0, 0);
            editor->setParent(row);
            rowLayout->addWidget(editor, 1);
            auto* browse = new QToolButton(row); // narrower than a push button: the line edit keeps the room
            browse->setText(tr("Browse…"));
            browse->setToolTip(tr("Choose the directory the file tasks write in"));
            rowLayout->addWidget(browse);
            connect(browse, &QToolButton::clicked, this, [this, editor] {
                auto* line = static_cast<QLineEdit*>(editor);
                const QString dir = QFileDialog::getExistingDirectory(
                    this, tr("Directory for the file tasks"), line->text().isEmpty() ? QDir::tempPath() : line->text());
                if (!dir.isEmpty())
                    line->setText(dir);
            });
        }
        m_optionRows.insert(described.option, row);
        if (labelText.isEmpty()) {
            m_workloadForm->addRow(static_cast<QWidget*>(nullptr), row);
        } else {
            auto* label = new QLabel(labelText, workloadGroup);
            label->setBuddy(editor);
            label->setToolTip(editor->toolTip());
            m_workloadForm->addRow(label, row);
        }
    }
    m_repeats->setLabelBeside(0);

    auto* tasksGroup = new QGroupBox(tr("Task counts"), parameters);
    auto* tasksLayout = new QVBoxLayout(tasksGroup);
    tasksLayout->addWidget(m_taskCountsEdit);
    int taskLabelWidth = 0;
    for (SliderSpinBox* box : { m_tasksFrom, m_tasksTo, m_tasksStep })
        taskLabelWidth = std::max(taskLabelWidth, box->label()->sizeHint().width());
    for (SliderSpinBox* box : { m_tasksFrom, m_tasksTo, m_tasksStep }) {
        box->setLabelBeside(taskLabelWidth);
        tasksLayout->addWidget(box);
    }

    auto* workersGroup = new QGroupBox(tr("Workers"), parameters);
    auto* workersLayout = new QVBoxLayout(workersGroup);
    // Labels beside their sliders, as the task counts': the rows they save hold the counts' text and the runtimes.
    const int workerLabelWidth
        = std::max(m_threads->label()->sizeHint().width(), m_processes->label()->sizeHint().width());
    for (SliderSpinBox* box : { m_threads, m_processes }) {
        box->setLabelBeside(workerLabelWidth);
        workersLayout->addWidget(box);
    }
    // The label beside its box, likewise.
    auto* chunkRow = new QHBoxLayout;
    auto* chunkLabel = new QLabel(tr("Processes hand out &tasks"), workersGroup);
    chunkLabel->setBuddy(m_chunksizeBox);
    m_chunksizeBox->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_chunksizeBox->setMinimumContentsLength(10);
    chunkRow->addWidget(chunkLabel);
    chunkRow->addWidget(m_chunksizeBox, 1);
    workersLayout->addLayout(chunkRow);

    auto* presetRow = new QFormLayout;
    presetRow->setContentsMargins(0, 0, 0, 0);
    presetRow->addRow(tr("Pre&set"), m_presetBox);

    m_verdictLabel->setWordWrap(true);
    m_verdictLabel->setTextFormat(Qt::RichText);
    m_verdictLabel->setMinimumHeight(m_verdictLabel->fontMetrics().lineSpacing() * 2);

    m_runButton->setIcon(style()->standardIcon(QStyle::SP_MediaPlay));
    m_runButton->setDefault(true);
    m_runButton->setToolTip(tr("Measure the sweep on this machine (F5)"));
    m_cancelButton->setIcon(style()->standardIcon(QStyle::SP_MediaStop));
    m_cancelButton->setToolTip(tr("Stop the sweep; the runs already finished are kept (Esc)"));
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_runButton);
    buttons->addWidget(m_cancelButton);

    auto* parametersLayout = new QVBoxLayout(parameters);
    parametersLayout->setContentsMargins(0, 0, 0, 0);
    parametersLayout->setSpacing(3);
    parametersLayout->addLayout(presetRow);
    parametersLayout->addWidget(workloadGroup);
    parametersLayout->addWidget(tasksGroup);
    parametersLayout->addWidget(workersGroup);
    parametersLayout->addWidget(m_repeats);
    parametersLayout->addWidget(strategiesBox);
    parametersLayout->addStretch(1);
    for (QGroupBox* group : { workloadGroup, tasksGroup, workersGroup, strategiesBox }) {
        group->layout()->setContentsMargins(8, 4, 8, 6);
        group->layout()->setSpacing(4);
    }

    auto* scroll = new QScrollArea(this);
    scroll->setWidget(parameters);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    // As wide as the parameters with room for a vertical scroll bar, so none ever covers them: measured with the
    // option rows of the first workload, as the others would widen the panel for rows mostly hidden. Every option
    // row fits that width (short labels, editors that shrink).
    updateWorkloadRows();
    scroll->setMinimumWidth(
        parameters->minimumSizeHint().width() + style()->pixelMetric(QStyle::PM_ScrollBarExtent, nullptr, scroll) + 4);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(scroll, 1);
    layout->addWidget(m_verdictLabel);
    layout->addLayout(buttons);

    for (SliderSpinBox* box : { m_taskMs, m_threads, m_processes, m_repeats })
        connect(box, &SliderSpinBox::valueChanged, this, &ControlPanel::onParameterChanged);
    for (SliderSpinBox* box : { m_tasksFrom, m_tasksTo, m_tasksStep })
        connect(box, &SliderSpinBox::valueChanged, this, &ControlPanel::onTaskRangeChanged);
    connect(m_taskCountsEdit, &QLineEdit::textEdited, this, &ControlPanel::onTaskCountsEdited);
    connect(m_workloadBox, &QComboBox::currentIndexChanged, this, &ControlPanel::onParameterChanged);
    connect(m_severalWorkloadsBox, &QCheckBox::toggled, this, &ControlPanel::onSeveralWorkloadsToggled);
    connect(m_chunksizeBox, &QComboBox::currentIndexChanged, this, &ControlPanel::onParameterChanged);
    connect(m_presetBox, &QComboBox::activated, this, [this](int index) {
        if (index != customPresetIndex)
            applyPreset(SweepPreset(m_presetBox->itemData(index).toInt()));
    });
    connect(m_runButton, &QPushButton::clicked, this, &ControlPanel::runRequested);
    connect(m_cancelButton, &QPushButton::clicked, this, &ControlPanel::cancelRequested);

    applyPreset(SweepPreset::QuickLook);
    setRunning(false);
}

SweepPlan ControlPanel::plan() const
{
    SweepPlan plan;
    plan.runtimes.clear(); // the checked ones
    for (StrategyKind strategy : allStrategies()) {
        if (m_strategyBoxes.value(strategy)->isChecked())
            plan.strategies.append(strategy);
    }
    for (RuntimeKind runtime : allRuntimes()) {
        if (m_runtimeBoxes.value(runtime)->isChecked())
            plan.runtimes.append(runtime);
    }
    QString error; // problem() names it
    plan.taskCounts = m_taskCountsTyped
        ? parseTaskCounts(m_taskCountsEdit->text().trimmed(), &error)
        : taskCountRange(m_tasksFrom->value(), m_tasksTo->value(), m_tasksStep->value(), &error);
    plan.repeats = m_repeats->value();
    const QList<WorkloadKind> workloads = chosenWorkloads();
    plan.base.workload = workloads.value(0, WorkloadKind(m_workloadBox->currentData().toInt()));
    if (m_severalWorkloadsBox->isChecked())
        plan.workloads = workloads;
    // Only what a chosen workload reads, as a run keeps it: an editor of another workload keeps its value for when
    // that workload is chosen again, but it is not part of this plan. A value at its default stays the default.
    const WorkloadOptions defaults;
    for (const WorkloadOptionDescription& described : allWorkloadOptions()) {
        const QString text = editorText(m_optionEditors.value(described.option));
        if (anyReads(workloads, described.option) && !text.isEmpty() && text != optionText(defaults, described.option))
            setWorkloadOption(plan.base.options, described.option, text); // what it refuses, problem() names
    }
    plan.base.taskMs = m_taskMs->value();
    plan.base.threads = m_threads->value();
    plan.base.processes = m_processes->value();
    plan.base.chunksize = m_chunksizeBox->currentData().toInt();
    return plan;
}

void ControlPanel::setPlan(const SweepPlan& plan)
{
    m_applyingPlan = true;
    for (StrategyKind strategy : allStrategies())
        m_strategyBoxes.value(strategy)->setChecked(plan.strategies.contains(strategy));
    for (RuntimeKind runtime : allRuntimes())
        m_runtimeBoxes.value(runtime)->setChecked(plan.runtimes.contains(runtime));
    // A plan without counts (restored settings, which set the sliders next) leaves the sliders to rule.
    m_taskCountsTyped = false;
    if (!plan.taskCounts.isEmpty())
        showTaskCounts(plan.taskCounts);
    if (m_taskCountsTyped) {
        QStringList counts;
        for (int tasks : plan.taskCounts)
            counts.append(QString::number(tasks));
        m_taskCountsEdit->setText(counts.join(u','));
    } else {
        m_taskCountsEdit->setText(taskRangeText());
    }
    m_repeats->setValue(plan.repeats);
    m_workloadBox->setCurrentIndex(std::max(0, m_workloadBox->findData(int(plan.base.workload))));
    m_severalWorkloadsBox->setChecked(!plan.workloads.isEmpty());
    for (WorkloadKind workload : allWorkloadKinds())
        m_workloadBoxes.value(workload)->setChecked(plan.workloads.contains(workload));
    // The editors of the options the plan's workloads read; the others keep what the person left in them.
    const QList<WorkloadKind> workloads = plan.workloadList();
    for (const WorkloadOptionDescription& described : allWorkloadOptions()) {
        if (anyReads(workloads, described.option))
            setEditorText(m_optionEditors.value(described.option), optionText(plan.base.options, described.option));
    }
    m_taskMs->setValue(plan.base.taskMs);
    m_threads->setValue(plan.base.threads);
    m_processes->setValue(plan.base.processes);
    m_chunksizeBox->setCurrentIndex(std::max(0, m_chunksizeBox->findData(plan.base.chunksize)));
    m_applyingPlan = false;
    m_presetBox->setCurrentIndex(customPresetIndex);
    updateWorkloadRows();
    updateVerdict();
    emit planChanged();
}

void ControlPanel::applyPreset(SweepPreset preset)
{
    setPlan(presetPlan(preset));
    m_presetBox->setCurrentIndex(m_presetBox->findData(int(preset)));
}

QString ControlPanel::problem() const
{
    // In the words of the sliders, or of the typed text as the command line says it; the rest as the command line
    // says it.
    QString text;
    if (m_taskCountsTyped) {
        if (parseTaskCounts(m_taskCountsEdit->text().trimmed(), &text).isEmpty())
            return tr("Task counts: %1").arg(text);
    } else {
        if (m_tasksFrom->value() > m_tasksTo->value())
            return tr("Tasks from (%1) is above tasks to (%2)").arg(m_tasksFrom->value()).arg(m_tasksTo->value());
        if (taskCountRange(m_tasksFrom->value(), m_tasksTo->value(), m_tasksStep->value(), &text).isEmpty())
            return tr("Task counts: %1").arg(text);
    }
    if (chosenWorkloads().isEmpty())
        return tr("No workload chosen: check at least one");
    const SweepPlan current = plan();
    text = current.problem();
    if (text.isEmpty())
        text = planBeyondMachine(current, m_machine);
    if (!text.isEmpty())
        text[0] = text.at(0).toUpper();
    return text;
}

void ControlPanel::setRunning(bool running)
{
    m_running = running;
    m_parameters->setEnabled(!running);
    m_cancelButton->setEnabled(running);
    updateVerdict();
}

void ControlPanel::onParameterChanged()
{
    if (m_applyingPlan)
        return;
    m_presetBox->setCurrentIndex(customPresetIndex);
    updateWorkloadRows();
    updateVerdict();
    emit planChanged();
}

void ControlPanel::onTaskRangeChanged()
{
    if (m_applyingPlan)
        return;
    // A slider moved: the range is the counts again, whatever was typed.
    m_taskCountsTyped = false;
    m_taskCountsEdit->setText(taskRangeText());
    onParameterChanged();
}

void ControlPanel::onTaskCountsEdited(const QString& text)
{
    QString error;
    const QList<int> counts = parseTaskCounts(text.trimmed(), &error);
    // Malformed: the plan has no counts, and problem() says why; the sliders keep what they show.
    m_taskCountsTyped = true;
    if (!counts.isEmpty()) {
        m_applyingPlan = true;
        showTaskCounts(counts);
        m_applyingPlan = false;
    }
    onParameterChanged();
}

void ControlPanel::showTaskCounts(const QList<int>& counts)
{
    const auto [lowest, highest] = std::minmax_element(counts.cbegin(), counts.cend());
    const int from = counts.first();
    const int step = counts.size() > 1 ? counts.at(1) - from : m_tasksStep->value();
    QString error;
    const bool range = step > 0 && taskCountRange(from, counts.last(), step, &error) == counts;
    m_tasksFrom->setValue(*lowest);
    m_tasksTo->setValue(*highest);
    m_tasksStep->setValue(std::max(1, std::abs(step)));
    m_taskCountsTyped = !range;
}

QString ControlPanel::taskRangeText() const
{
    const int from = m_tasksFrom->value();
    const int to = m_tasksTo->value();
    QString error;
    // parseTaskCounts() refuses a range whose step leaves FROM alone: that range is written as the count it holds.
    if (taskCountRange(from, to, m_tasksStep->value(), &error).size() == 1)
        return QString::number(from);
    return QStringLiteral("%1:%2:%3").arg(from).arg(to).arg(m_tasksStep->value());
}

void ControlPanel::onSeveralWorkloadsToggled(bool several)
{
    if (!m_applyingPlan) {
        // The workload chosen so far stays chosen: checked on the way in, in the box on the way out.
        m_applyingPlan = true;
        const auto single = WorkloadKind(m_workloadBox->currentData().toInt());
        if (several && std::none_of(m_workloadBoxes.cbegin(), m_workloadBoxes.cend(), [](const QCheckBox* box) {
                return box->isChecked();
            }))
            m_workloadBoxes.value(single)->setChecked(true);
        const QList<WorkloadKind> checked = chosenWorkloads();
        if (!several && !checked.isEmpty())
            m_workloadBox->setCurrentIndex(std::max(0, m_workloadBox->findData(int(checked.first()))));
        m_applyingPlan = false;
    }
    onParameterChanged();
}

QList<WorkloadKind> ControlPanel::chosenWorkloads() const
{
    if (!m_severalWorkloadsBox->isChecked())
        return { WorkloadKind(m_workloadBox->currentData().toInt()) };
    QList<WorkloadKind> workloads;
    for (WorkloadKind workload : allWorkloadKinds()) {
        if (m_workloadBoxes.value(workload)->isChecked())
            workloads.append(workload);
    }
    return workloads;
}

void ControlPanel::updateWorkloadRows()
{
    const bool several = m_severalWorkloadsBox->isChecked();
    m_workloadBox->setVisible(!several);
    m_workloadForm->setRowVisible(m_workloadChecks, several);
    const QList<WorkloadKind> workloads = chosenWorkloads();
    for (const WorkloadOptionDescription& described : allWorkloadOptions()) {
        const bool read = anyReads(workloads, described.option);
        m_optionEditors.value(described.option)->setEnabled(read);
        m_workloadForm->setRowVisible(m_optionRows.value(described.option), read);
    }
    m_taskMs->setEnabled(std::any_of(workloads.cbegin(), workloads.cend(), readsTaskMs));
}

void ControlPanel::updateVerdict()
{
    const QString trouble = problem();
    const SweepPlan current = plan();
    // This process's own threads count against the same ceiling as the ones a run starts.
    m_risks = trouble.isEmpty() ? planRisks(current, m_machine, currentThreadCount()) : QStringList();
    QStringList lines;
    if (!trouble.isEmpty()) {
        lines.append(QStringLiteral("<span style='color:#b00020'>%1</span>").arg(trouble.toHtmlEscaped()));
    } else {

        lines.append(tr("%1, at least %2")
                         .arg(countOf(current.runCount(), tr("run"), tr("runs")),
                             formatDuration(current.expectedSeconds(m_machine.cores))));
        for (const QString& risk : std::as_const(m_risks))
            lines.append(QStringLiteral("<span style='color:#a05a00'>⚠ %1</span>").arg(risk.toHtmlEscaped()));
    }
    m_verdictLabel->setText(lines.join(QStringLiteral("<br>")));
    m_runButton->setEnabled(!m_running && trouble.isEmpty());
}

void ControlPanel::saveSettings(QSettings& settings) const
{
    const SweepPlan current = plan();
    QStringList strategies;
    for (StrategyKind strategy : current.strategies)
        strategies.append(strategyName(strategy));
    settings.beginGroup(QStringLiteral("plan"));
    settings.setValue(QStringLiteral("strategies"), strategies);
    QStringList runtimes;
    for (RuntimeKind runtime : current.runtimes)
        runtimes.append(runtimeName(runtime));
    settings.setValue(QStringLiteral("runtimes"), runtimes);
    settings.setValue(QStringLiteral("workload"), workloadName(WorkloadKind(m_workloadBox->currentData().toInt())));
    settings.setValue(QStringLiteral("severalWorkloads"), m_severalWorkloadsBox->isChecked());
    QStringList checkedWorkloads;
    for (WorkloadKind workload : allWorkloadKinds()) {
        if (m_workloadBoxes.value(workload)->isChecked())
            checkedWorkloads.append(workloadName(workload));
    }
    settings.setValue(QStringLiteral("workloads"), checkedWorkloads);
    settings.setValue(QStringLiteral("taskMs"), current.base.taskMs);
    settings.setValue(QStringLiteral("tasksFrom"), m_tasksFrom->value());
    settings.setValue(QStringLiteral("tasksTo"), m_tasksTo->value());
    settings.setValue(QStringLiteral("tasksStep"), m_tasksStep->value());
    // Empty while the sliders rule.
    settings.setValue(QStringLiteral("taskCounts"), m_taskCountsTyped ? m_taskCountsEdit->text() : QString());
    settings.setValue(QStringLiteral("threads"), current.base.threads);
    settings.setValue(QStringLiteral("processes"), current.base.processes);
    settings.setValue(QStringLiteral("chunksize"), chunksizeName(current.base.chunksize));
    settings.setValue(QStringLiteral("repeats"), current.repeats);
    settings.setValue(QStringLiteral("preset"), m_presetBox->currentIndex());
    settings.endGroup();
    // Every editor, also of the workloads not chosen: what a person typed for the command workload stays.
    for (const WorkloadOptionDescription& described : allWorkloadOptions())
        settings.setValue(settingsKey(described.option), editorText(m_optionEditors.value(described.option)));
}

void ControlPanel::restoreSettings(const QSettings& settings)
{
    const auto value = [&](const char* key) { return settings.value(QStringLiteral("plan/") + QLatin1String(key)); };
    if (!value("taskMs").isValid())
        return; // first start: keep the Quick look preset
    SweepPlan restored;
    for (const QString& name : value("strategies").toStringList()) {
        if (const auto strategy = strategyFromName(name))
            restored.strategies.append(*strategy);
    }
    // Settings from before the python runtime keep the plan's default, the engine alone.
    if (value("runtimes").isValid()) {
        restored.runtimes.clear();
        for (const QString& name : value("runtimes").toStringList()) {
            if (const auto runtime = runtimeFromName(name))
                restored.runtimes.append(*runtime);
        }
    }
    restored.base.workload = workloadFromName(value("workload").toString()).value_or(WorkloadKind::Sleep);
    if (value("severalWorkloads").toBool()) {
        for (const QString& name : value("workloads").toStringList()) {
            if (const auto workload = workloadFromName(name))
                restored.workloads.append(*workload);
        }
    }
    restored.base.taskMs = value("taskMs").toInt();
    restored.base.threads = value("threads").toInt();
    restored.base.processes = value("processes").toInt();
    restored.base.chunksize = chunksizeFromName(value("chunksize").toString()).value_or(ChunkOneAtATime);
    restored.repeats = std::max(1, value("repeats").toInt());
    setPlan(restored);
    // The range goes in as typed, even when it is one the plan refuses, so the person sees what they left.
    m_applyingPlan = true;
    m_tasksFrom->setValue(value("tasksFrom").toInt());
    m_tasksTo->setValue(value("tasksTo").toInt());
    m_tasksStep->setValue(value("tasksStep").toInt());
    const QString typedCounts = value("taskCounts").toString();
    m_taskCountsTyped = !typedCounts.isEmpty();
    m_taskCountsEdit->setText(m_taskCountsTyped ? typedCounts : taskRangeText());
    // And every option editor as it was left, also those of the workloads not chosen.
    for (const WorkloadOptionDescription& described : allWorkloadOptions()) {
        const QVariant text = settings.value(settingsKey(described.option));
        if (text.isValid())
            setEditorText(m_optionEditors.value(described.option), text.toString());
    }
    if (value("severalWorkloads").toBool())
        m_severalWorkloadsBox->setChecked(true); // even with none checked, as it was left
    m_applyingPlan = false;
    updateWorkloadRows();
    const int preset = value("preset").toInt();
    if (preset > customPresetIndex && preset < m_presetBox->count()
        && plan() == presetPlan(SweepPreset(m_presetBox->itemData(preset).toInt())))
        m_presetBox->setCurrentIndex(preset);
    updateVerdict();
    emit planChanged();
}
