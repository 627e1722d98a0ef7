#pragma once

#include <QByteArray>
#include <QString>
#include <optional>

// Every file Concurrency Lab writes (result files, charts, reports) goes through here, so that every one is atomic,
// and every file it reads, so that every failure reads the same.

// The whole of `path`; nullopt with *error = "PATH: cannot read: REASON" if it cannot be read.
std::optional<QByteArray> readWholeFile(const QString& path, QString* error);
// All of standard input; nullopt with *error = "standard input: cannot read: REASON" if it cannot be read.
std::optional<QByteArray> readStandardInput(QString* error);

// Writes `data` to `path` through a temporary file beside it that is renamed over `path` only once every byte is
// written: a failure (unwritable place, full disk, file size limit) leaves no partial file and an existing file as it
// was. False with *error = "PATH: cannot write: REASON".
bool writeFileAtomically(const QString& path, const QByteArray& data, QString* error);

// Whether writeFileAtomically() could write `path` now: creates the temporary file it would use and removes it, so
// the place is really tried and nothing is kept. A command checks its outputs this way before it starts measuring.
bool canWriteFile(const QString& path, QString* error);
