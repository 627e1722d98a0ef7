#pragma once

#include <QString>
#include <QStringList>

// "1 run", "24 runs": English plurals, for every face (the command line's text and the app's).  tr()'s %n needs a
// translation catalogue to choose the plural, which an English-only app does not ship.
inline QString countOf(qsizetype count, const QString& one, const QString& many)
{
    return QStringLiteral("%1 %2").arg(count).arg(count == 1 ? one : many);
}

// "Sleep workload, …": a phrase made the start of a sentence or a title.
inline QString capitalized(QString text)
{
    if (!text.isEmpty())
        text[0] = text[0].toUpper();
    return text;
}

// "a, b or c": a list in a sentence, `lastSeparator` (" or ", " and ") before its last item.
inline QString listText(QStringList items, QStringView lastSeparator)
{
    if (items.size() < 2)
        return items.join(QString());
    const QString last = items.takeLast();
    return items.join(QStringLiteral(", ")) + lastSeparator.toString() + last;
}
