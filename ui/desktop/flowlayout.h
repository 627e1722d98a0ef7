#pragma once

#include <QLayout>
#include <QList>

// Lays its items out left to right and starts a new row where the width ends, like words in a paragraph: a row of
// options that fits a wide window wraps at a narrow one instead of cutting its last widgets or widening the window.
class FlowLayout : public QLayout
{
public:
    explicit FlowLayout(QWidget* parent = nullptr);
    ~FlowLayout() override;

    void addItem(QLayoutItem* item) override;
    int count() const override;
    QLayoutItem* itemAt(int index) const override;
    QLayoutItem* takeAt(int index) override;

    Qt::Orientations expandingDirections() const override;
    bool hasHeightForWidth() const override;
    int heightForWidth(int width) const override;
    QSize minimumSize() const override;
    QSize sizeHint() const override;
    void setGeometry(const QRect& rect) override;

private:
    // Places the items in `rect` (only measures when `apply` is false) and returns the height used.
    int arrange(const QRect& rect, bool apply) const;
    int horizontalSpacing() const;
    int verticalSpacing() const;

    QList<QLayoutItem*> m_items;
};
