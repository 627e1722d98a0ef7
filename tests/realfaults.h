#pragma once

// Real faults for the tests to meet, not mocks: a file system that fills up, and a user bound by ulimit -u. Each says
// why it cannot be set up where it cannot (it needs root, and a place that other users can reach).

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QList>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <cerrno>
#include <cstring>
#include <grp.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <unistd.h>
#include <utility>

// A tmpfs mounted on a fresh directory for as long as this lives: a file system that fills up for real.
class TinyFilesystem
{
public:
    explicit TinyFilesystem(const char* options)
    {
        if (!m_dir.isValid()) {
            m_whyNot = QStringLiteral("no temporary directory");
            return;
        }
        if (::mount("tmpfs", QFile::encodeName(m_dir.path()).constData(), "tmpfs", MS_NOSUID | MS_NODEV, options)
            != 0) {
            m_whyNot = QStringLiteral("cannot mount a tmpfs here (%1): needs root outside a chroot or container")
                           .arg(QString::fromLocal8Bit(strerror(errno)));
            return;
        }
        m_mounted = true;
    }
    ~TinyFilesystem()
    {
        if (m_mounted)
            ::umount2(QFile::encodeName(m_dir.path()).constData(), MNT_DETACH);
    }
    TinyFilesystem(const TinyFilesystem&) = delete;
    TinyFilesystem& operator=(const TinyFilesystem&) = delete;

    QString whyNot() const { return m_whyNot; }
    QString filePath(const QString& name) const { return m_dir.filePath(name); }
    QString path() const { return m_dir.path(); }

private:
    QTemporaryDir m_dir;
    bool m_mounted = false;
    QString m_whyNot;
};

// Starting a program as an unprivileged user with a low RLIMIT_NPROC: root is not bound by it.
class LimitedUser
{
public:
    static constexpr rlim_t ProcessLimit = 100;

    LimitedUser()
        : m_dir(QDir::tempPath() + QStringLiteral("/conlab-limited-XXXXXX"))
        , m_uid(60000 + uid_t(::getpid() % 10000))
    { }

    // Why it cannot be done here, or nothing.
    QString whyNot() const
    {
        if (::geteuid() != 0)
            return QStringLiteral("needs root to start a process as another user with a low ulimit -u");
        if (!m_dir.isValid())
            return QStringLiteral("no temporary directory");
        // Every directory above must let others through (not so in a chroot whose / is mode 0700).
        for (QDir ancestor = QFileInfo(m_dir.path()).dir();; ancestor.cdUp()) {
            if (!QFileInfo(ancestor.path()).permission(QFile::ExeOther))
                return ancestor.path() + QStringLiteral(" is closed to other users");
            if (ancestor.isRoot())
                return {};
        }
    }

    uid_t uid() const { return m_uid; }
    // Sets `resource` (RLIMIT_NOFILE, RLIMIT_NPROC, ...) to `value`, soft and hard, for the programs run() starts;
    // the process limit is ProcessLimit unless set here.
    void setLimit(int resource, rlim_t value) { m_limits.append({ resource, value }); }
    QString filePath(const QString& name) const { return m_dir.filePath(name); }

    // Copies the executables next to this test into the user's directory, which everyone may use.
    bool install(const QStringList& names)
    {
        if (!QFile::setPermissions(m_dir.path(), QFile::Permissions(0x7777)))
            return false;
        for (const QString& name : names) {
            if (!QFile::copy(QCoreApplication::applicationDirPath() + u'/' + name, m_dir.filePath(name)))
                return false;
        }
        return true;
    }

    // Runs `program` (installed before) as the user, with RLIMIT_NPROC at ProcessLimit and the limits set.
    void run(QProcess& process, const QString& program, const QStringList& arguments,
        const QProcessEnvironment& extra = {}) const
    {
        process.setWorkingDirectory(m_dir.path());
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("HOME"), m_dir.path());
        environment.insert(QStringLiteral("XDG_STATE_HOME"), m_dir.filePath(QStringLiteral("state")));
        environment.insert(extra);
        process.setProcessEnvironment(environment);
        const uid_t user = m_uid;
        QList<std::pair<int, rlim_t>> limits { { RLIMIT_NPROC, ProcessLimit } };
        limits.append(m_limits);
        process.setChildProcessModifier([user, limits] {
            for (const auto& [resource, value] : limits) {
                const rlimit limit { value, value };
                if (setrlimit(resource, &limit) != 0)
                    _exit(125);
            }
            if (setgroups(0, nullptr) != 0 || setgid(user) != 0 || setuid(user) != 0)
                _exit(125);
        });
        process.start(m_dir.filePath(program), arguments);
    }

private:
    QTemporaryDir m_dir;
    uid_t m_uid;
    QList<std::pair<int, rlim_t>> m_limits;
};

// "thread limit: the OS refused thread 98 of 400": the count reached, if the message names one out of `of`.
inline int countReached(const QString& message, int of)
{
    static const QRegularExpression pattern(QStringLiteral("refused (?:thread|worker process) (\\d+) of (\\d+)"));
    const QRegularExpressionMatch match = pattern.match(message);
    return match.hasMatch() && match.captured(2).toInt() == of ? match.captured(1).toInt() : -1;
}
