#include "flowlayout.h"

#include <QStyle>
#include <QWidget>
#include <algorithm>

FlowLayout::FlowLayout(QWidget* parent)
    : QLayout(parent)
{ }

FlowLayout::~FlowLayout()
{
    qDeleteAll(m_items);
}

void FlowLayout::addItem(QLayoutItem* item)
{
    m_items.append(item);
}

int FlowLayout::count() const
{
    return int(m_items.size());
}

QLayoutItem* FlowLayout::itemAt(int index) const
{
    return m_items.value(index);
}

QLayoutItem* FlowLayout::takeAt(int index)
{
    return index >= 0 && index < m_items.size() ? m_items.takeAt(index) : nullptr;
}

Qt::Orientations FlowLayout::expandingDirections() const
{
    return {};
}

bool FlowLayout::hasHeightForWidth() const
{
    return true;
}

int FlowLayout::heightForWidth(int width) const
{
    return arrange(QRect(0, 0, width, 0), false);
}

// As narrow as the widest item: everything else wraps.
QSize FlowLayout::minimumSize() const
{
    QSize size;
    for (const QLayoutItem* item : m_items)
        size = size.expandedTo(item->minimumSize());
    const QMargins margins = contentsMargins();
    return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom());
}

// One row.
QSize FlowLayout::sizeHint() const
{
    int width = 0;
    int height = 0;
    for (const QLayoutItem* item : m_items) {
        if (item->isEmpty())
            continue;
        width += (width > 0 ? horizontalSpacing() : 0) + item->sizeHint().width();
        height = std::max(height, item->sizeHint().height());
    }
    const QMargins margins = contentsMargins();
    return QSize(width + margins.left() + margins.right(), height + margins.top() + margins.bottom());
}

void FlowLayout::setGeometry(const QRect& rect)
{
    QLayout::setGeometry(rect);
    arrange(rect, true);
}

int FlowLayout::arrange(const QRect& rect, bool apply) const
{
    const QMargins margins = contentsMargins();
    const QRect area = rect.marginsRemoved(margins);
    int x = area.x();
    int y = area.y();
    int rowHeight = 0;
    // Items of a row share its height and are centred in it, as in a QHBoxLayout.
    QList<std::pair<QLayoutItem*, QPoint>> row;
    const auto finishRow = [&] {
        if (apply) {
            for (const auto& [item, at] : std::as_const(row)) {
                const QSize size = item->sizeHint();
                item->setGeometry(QRect(QPoint(at.x(), at.y() + (rowHeight - size.height()) / 2), size));
            }
        }
        row.clear();
    };
    for (QLayoutItem* item : m_items) {
        if (item->isEmpty())
            continue;
        const QSize size = item->sizeHint();
        if (!row.isEmpty() && x + size.width() > area.right() + 1) {
            finishRow();
            x = area.x();
            y += rowHeight + verticalSpacing();
            rowHeight = 0;
        }
        row.append({ item, QPoint(x, y) });
        x += size.width() + horizontalSpacing();
        rowHeight = std::max(rowHeight, size.height());
    }
    finishRow();
    return y + rowHeight - rect.y() + margins.bottom();
}

namespace {
// The style's spacing between two widgets; a style may leave the metric at -1 and answer layoutSpacing() instead.
int spacingOf(const QWidget* widget, Qt::Orientation orientation)
{
    const int metric = widget->style()->pixelMetric(
        orientation == Qt::Horizontal ? QStyle::PM_LayoutHorizontalSpacing : QStyle::PM_LayoutVerticalSpacing, nullptr,
        widget);
    if (metric >= 0)
        return metric;
    return std::max(0,
        widget->style()->layoutSpacing(QSizePolicy::PushButton, QSizePolicy::PushButton, orientation, nullptr, widget));
}
} // namespace

int FlowLayout::horizontalSpacing() const
{
    if (spacing() >= 0)
        return spacing();
    const QWidget* widget = parentWidget();
    return widget ? spacingOf(widget, Qt::Horizontal) : 6;
}

int FlowLayout::verticalSpacing() const
{
    if (spacing() >= 0)
        return spacing();
    const QWidget* widget = parentWidget();
    return widget ? spacingOf(widget, Qt::Vertical) : 6;
}
