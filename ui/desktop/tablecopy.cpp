#include "tablecopy.h"

#include <QAbstractItemView>
#include <QClipboard>
#include <QGuiApplication>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QSet>
#include <QTableView>
#include <algorithm>

namespace {
// Spreadsheets read a TSV field in double quotes as one cell even across tabs and line breaks (Excel writes them so
// itself); any other field goes out as it is, so ordinary text stays plain.
QString tsvField(const QString& text)
{
    if (!text.contains(u'\t') && !text.contains(u'\n') && !text.contains(u'\r') && !text.startsWith(u'"'))
        return text;
    QString quoted = text;
    quoted.replace(u'"', QStringLiteral("\"\""));
    return u'"' + quoted + u'"';
}

// Sections in the order they are on screen: a user may have dragged columns around, and a hidden one is not copied.
QList<int> visibleInViewOrder(QList<int> sections, const QHeaderView* header)
{
    if (!header)
        return sections;
    sections.removeIf([header](int section) { return header->isSectionHidden(section); });
    std::sort(sections.begin(), sections.end(),
        [header](int a, int b) { return header->visualIndex(a) < header->visualIndex(b); });
    return sections;
}
} // namespace

QString selectionAsTsv(const QAbstractItemView* view)
{
    const QAbstractItemModel* model = view ? view->model() : nullptr;
    if (!model)
        return {};
    const QModelIndex root = view->rootIndex();

    QModelIndexList selected;
    if (const QItemSelectionModel* selection = view->selectionModel()) {
        const QModelIndexList indexes = selection->selectedIndexes();
        for (const QModelIndex& index : indexes) {
            if (index.parent() == root)
                selected.append(index);
        }
    }
    const bool whole = selected.isEmpty();

    QSet<int> rowSet;
    QSet<int> columnSet;
    QSet<std::pair<int, int>> cells;
    if (whole) {
        for (int row = 0; row < model->rowCount(root); ++row)
            rowSet.insert(row);
        for (int column = 0; column < model->columnCount(root); ++column)
            columnSet.insert(column);
    } else {
        for (const QModelIndex& index : std::as_const(selected)) {
            rowSet.insert(index.row());
            columnSet.insert(index.column());
            cells.insert({ index.row(), index.column() });
        }
    }

    const auto* table = qobject_cast<const QTableView*>(view);
    const QList<int> rows = visibleInViewOrder(rowSet.values(), table ? table->verticalHeader() : nullptr);
    const QList<int> columns = visibleInViewOrder(columnSet.values(), table ? table->horizontalHeader() : nullptr);
    if (rows.isEmpty() || columns.isEmpty())
        return {};

    auto line = [&](auto cellText) {
        QStringList fields;
        for (int column : columns)
            fields.append(tsvField(cellText(column)));
        return fields.join(u'\t') + u'\n';
    };
    QString text = line([&](int column) { return model->headerData(column, Qt::Horizontal).toString(); });
    for (int row : rows) {
        // A ragged selection leaves the cells it skips empty, so every row keeps the header's columns.
        text += line([&](int column) {
            return whole || cells.contains({ row, column }) ? model->index(row, column, root).data().toString()
                                                            : QString();
        });
    }
    return text;
}

void copySelection(const QAbstractItemView* view)
{
    const QString text = selectionAsTsv(view);
    if (!text.isEmpty())
        QGuiApplication::clipboard()->setText(text);
}
