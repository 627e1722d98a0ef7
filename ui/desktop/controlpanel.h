#pragma once

#include "machineinfo.h"
#include "sweepplan.h"
#include "workload.h"

#include <QHash>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QSettings;
class SliderSpinBox;

// The sweep's parameters as a person sets them: presets, workload (one or several) and its options, task counts (a
// range on sliders, or any list typed as `conlab sweep --tasks` takes it), workers, repeats, strategies and the
// runtimes they run in, with Run and Cancel. Its limits come from the machine; what the plan gets wrong
// (SweepPlan::problem()) disables Run, and what the machine will probably refuse (planRisks()) is said before anything
// runs. Each workload option (allWorkloadOptions()) has an editor, shown only while a chosen workload reads it.
class ControlPanel : public QWidget
{
    Q_OBJECT
public:
    explicit ControlPanel(const MachineInfo& machine, QWidget* parent = nullptr);

    // The plan the controls describe; empty task counts when the range or the typed list is malformed (problem() says
    // why).
    SweepPlan plan() const;
    void setPlan(const SweepPlan& plan);
    void applyPreset(SweepPreset preset);

    // Why the plan cannot run, in words naming the parameter; empty when it can.
    QString problem() const;
    QStringList risks() const { return m_risks; }

    // While a sweep runs the parameters are locked and only Cancel is offered.
    void setRunning(bool running);

    void saveSettings(QSettings& settings) const;
    void restoreSettings(const QSettings& settings);

    SliderSpinBox* tasksFrom() const { return m_tasksFrom; }
    SliderSpinBox* tasksTo() const { return m_tasksTo; }
    SliderSpinBox* tasksStep() const { return m_tasksStep; }
    // The task counts as `--tasks` text: it follows the sliders, and what is typed in it (a range, or a list such as
    // the python preset's 100,...,900,2000,5000 that no range holds) sets the plan's counts until a slider moves.
    QLineEdit* taskCountsEdit() const { return m_taskCountsEdit; }
    SliderSpinBox* threads() const { return m_threads; }
    SliderSpinBox* processes() const { return m_processes; }
    SliderSpinBox* taskMs() const { return m_taskMs; }
    SliderSpinBox* repeats() const { return m_repeats; }
    QCheckBox* strategyCheckBox(StrategyKind strategy) const { return m_strategyBoxes.value(strategy); }
    // Checked: every strategy runs in this runtime too.
    QCheckBox* runtimeCheckBox(RuntimeKind runtime) const { return m_runtimeBoxes.value(runtime); }
    QComboBox* presetBox() const { return m_presetBox; }
    QComboBox* workloadBox() const { return m_workloadBox; }
    // Checked: the sweep runs every workload checked in workloadCheckBox(), each over the whole plan.
    QCheckBox* severalWorkloadsBox() const { return m_severalWorkloadsBox; }
    QCheckBox* workloadCheckBox(WorkloadKind workload) const { return m_workloadBoxes.value(workload); }
    // The option's editor: a QSpinBox (cpu-ms), a BytesSpinBox (bytes), a QLineEdit (dir, command) or a QCheckBox
    // (a flag).
    QWidget* optionEditor(WorkloadOption option) const { return m_optionEditors.value(option); }
    QPushButton* runButton() const { return m_runButton; }
    QPushButton* cancelButton() const { return m_cancelButton; }
    QLabel* verdictLabel() const { return m_verdictLabel; }

signals:
    void runRequested();
    void cancelRequested();
    void planChanged();

private:
    void onParameterChanged();
    void onSeveralWorkloadsToggled(bool several);
    void onTaskRangeChanged();
    void onTaskCountsEdited(const QString& text);
    // Sets the sliders to show `counts`, and whether the typed text rules: when no range of theirs holds the counts.
    void showTaskCounts(const QList<int>& counts);
    // The --tasks text of the sliders' range: "N" for a range of one count.
    QString taskRangeText() const;
    void updateVerdict();
    // The workloads the controls choose: the checked ones, or the one in the box.
    QList<WorkloadKind> chosenWorkloads() const;
    // Shows and enables the editors of the options a chosen workload reads, and the duration only if one reads it.
    void updateWorkloadRows();

    MachineInfo m_machine;
    QComboBox* m_presetBox;
    QComboBox* m_workloadBox;
    QCheckBox* m_severalWorkloadsBox;
    QWidget* m_workloadChecks; // the check box per workload, shown while several are chosen
    QHash<WorkloadKind, QCheckBox*> m_workloadBoxes;
    QFormLayout* m_workloadForm;
    QHash<WorkloadOption, QWidget*> m_optionEditors;
    QHash<WorkloadOption, QWidget*> m_optionRows; // the editor, or the row's widget holding it (dir's Browse…)
    SliderSpinBox* m_taskMs;
    SliderSpinBox* m_tasksFrom;
    SliderSpinBox* m_tasksTo;
    SliderSpinBox* m_tasksStep;
    QLineEdit* m_taskCountsEdit;
    bool m_taskCountsTyped = false; // the plan's counts are the typed text's, which the sliders cannot show
    SliderSpinBox* m_threads;
    SliderSpinBox* m_processes;
    QComboBox* m_chunksizeBox;
    SliderSpinBox* m_repeats;
    QHash<StrategyKind, QCheckBox*> m_strategyBoxes;
    QHash<RuntimeKind, QCheckBox*> m_runtimeBoxes;
    QWidget* m_parameters; // everything but the verdict and the buttons
    QLabel* m_verdictLabel;
    QPushButton* m_runButton;
    QPushButton* m_cancelButton;
    QStringList m_risks;
    bool m_running = false;
    bool m_applyingPlan = false; // setPlan() moves many controls: one planChanged at the end, preset kept
};
