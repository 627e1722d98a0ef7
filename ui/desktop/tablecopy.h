#pragma once

#include <QString>

class QAbstractItemView;

// The selected cells of a view as tab-separated text (rows in view order, a header row of the selected columns first),
// which pastes into a spreadsheet as a table; the whole table when nothing is selected.
QString selectionAsTsv(const QAbstractItemView* view);

// Copies selectionAsTsv() to the clipboard; Ctrl+C on every table calls it.
void copySelection(const QAbstractItemView* view);
