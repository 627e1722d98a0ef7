#include "fileio.h"

#include "inputquote.h"

#include <QFile>
#include <QSaveFile>

namespace {
void setWriteError(QString* error, const QString& path, const QString& reason)
{
    if (error)
        *error = QStringLiteral("%1: cannot write: %2").arg(quotedPath(path), reason);
}
} // namespace

std::optional<QByteArray> readWholeFile(const QString& path, QString* error)
{
    QFile file(path);
    if (file.open(QIODevice::ReadOnly)) {
        QByteArray data = file.readAll();
        if (file.error() == QFileDevice::NoError)
            return data;
    }
    if (error)
        *error = QStringLiteral("%1: cannot read: %2").arg(quotedPath(path), file.errorString());
    return std::nullopt;
}

std::optional<QByteArray> readStandardInput(QString* error)
{
    QFile file;
    if (file.open(stdin, QIODevice::ReadOnly | QIODevice::Unbuffered)) {
        QByteArray data = file.readAll();
        if (file.error() == QFileDevice::NoError)
            return data;
    }
    if (error)
        *error = QStringLiteral("standard input: cannot read: %1").arg(file.errorString());
    return std::nullopt;
}

bool writeFileAtomically(const QString& path, const QByteArray& data, QString* error)
{
    // Unbuffered, so that every write reaches the file here: QSaveFile::commit() does not notice when flushing its
    // buffer writes only part of it (a full disk, RLIMIT_FSIZE) and would rename a truncated file over the target.
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Unbuffered)) {
        setWriteError(error, path, file.errorString());
        return false;
    }
    // A short write sets no error; the next attempt fails with the OS's reason (ENOSPC, EFBIG, ...).
    qint64 written = 0;
    while (written < data.size()) {
        const qint64 count = file.write(data.constData() + written, data.size() - written);
        if (count <= 0) {
            setWriteError(error, path,
                file.error() != QFileDevice::NoError
                    ? file.errorString()
                    : QStringLiteral("only %1 of %2 bytes could be written").arg(written).arg(data.size()));
            file.cancelWriting();
            return false;
        }
        written += count;
    }
    if (!file.commit()) {
        setWriteError(error, path, file.errorString());
        return false;
    }
    return true;
}

bool canWriteFile(const QString& path, QString* error)
{
    QSaveFile probe(path);
    if (!probe.open(QIODevice::WriteOnly)) {
        setWriteError(error, path, probe.errorString());
        return false;
    }
    probe.cancelWriting();
    return true;
}
