#include "chartexport.h"

#include "fileio.h"
#include "inputquote.h"

#include <QBuffer>
#include <QFileInfo>
#include <QGraphicsLayout>
#include <QGraphicsScene>
#include <QGuiApplication>
#include <QImageWriter>
#include <QPainter>
#include <QScreen>
#include <QSvgGenerator>
#include <cstring>
#include <optional>

namespace {
enum class ChartFormat
{
    Png,
    Svg,
};

void setError(QString* error, const QString& message)
{
    if (error)
        *error = message;
}

std::optional<ChartFormat> formatOf(const QString& path, QString* error)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == u"png")
        return ChartFormat::Png;
    if (suffix == u"svg")
        return ChartFormat::Svg;
    setError(error,
        QStringLiteral("%1: cannot export the chart: %2, the name must end in .png or .svg")
            .arg(quotedPath(path),
                suffix.isEmpty()
                    ? QStringLiteral("no file extension")
                    : QStringLiteral("unknown extension '.%1'").arg(quotedInput(QFileInfo(path).suffix()))));
    return std::nullopt;
}

// A chart that lives only for one drawing: its own scene, sized and laid out at once, never shown. The layout is
// activated by hand because the posted layout request would only arrive through an event loop.
class OffscreenChart
{
public:
    OffscreenChart(const ChartInput& input, QSize size)
        : m_chart(new RuntimeChart(input))
        , m_size(size)
    {
        m_scene.addItem(m_chart); // the scene owns and deletes the chart
        m_chart->setGeometry(QRectF(QPointF(), QSizeF(size)));
        m_chart->layout()->activate();
    }

    void render(QPainter* painter)
    {
        painter->setRenderHint(QPainter::Antialiasing);
        painter->setRenderHint(QPainter::TextAntialiasing);
        const QRectF area(0, 0, m_size.width(), m_size.height());
        m_scene.render(painter, area, area);
    }

private:
    QGraphicsScene m_scene;
    RuntimeChart* m_chart;
    QSize m_size;
};

// QSvgGenerator gives the size in millimetres at its resolution, which renderers turn back into pixels at their own
// idea of a millimetre (Qt's own SVG renderer at 90 dpi, browsers at 96): a chart asked for at 900 px would come out
// at 843 or 900. Plain numbers are pixels to every renderer.
QByteArray withPixelSize(QByteArray svg, QSize size)
{
    const qsizetype element = svg.indexOf("<svg");
    for (const auto& [attribute, pixels] :
        { std::pair(" width=\"", size.width()), std::pair(" height=\"", size.height()) }) {
        const qsizetype elementEnd = element < 0 ? -1 : svg.indexOf('>', element);
        const qsizetype at = element < 0 ? -1 : svg.indexOf(attribute, element);
        if (at < 0 || at > elementEnd)
            continue;
        const qsizetype from = at + qsizetype(std::strlen(attribute));
        const qsizetype to = svg.indexOf('"', from);
        if (to > from && to < elementEnd)
            svg.replace(from, to - from, QByteArray::number(pixels));
    }
    return svg;
}

} // namespace

QImage renderChart(const ChartInput& input, QSize size, qreal devicePixelRatio)
{
    if (size.isEmpty() || !(devicePixelRatio > 0))
        return {};
    OffscreenChart chart(input, size);
    QImage image(size * devicePixelRatio, QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(devicePixelRatio);
    image.fill(Qt::white);
    QPainter painter(&image);
    chart.render(&painter);
    painter.end();
    return image;
}

bool canExportChart(const QString& path, QString* error)
{
    if (!formatOf(path, error))
        return false;
    return canWriteFile(path, error);
}

bool exportChart(const ChartInput& input, const QString& path, QSize size, qreal devicePixelRatio, QString* error)
{
    const auto format = formatOf(path, error);
    if (!format)
        return false;
    if (size.isEmpty()) {
        setError(error, QStringLiteral("%1: cannot export the chart at an empty size").arg(path));
        return false;
    }
    // Encoded in memory first: the file is opened only when there is something complete to write, so a failed
    // encoding leaves nothing behind either.
    QByteArray data;
    QBuffer buffer(&data);
    buffer.open(QIODevice::WriteOnly);
    if (*format == ChartFormat::Png) {
        const QImage image = renderChart(input, size, devicePixelRatio);
        QImageWriter writer(&buffer, "png");
        if (image.isNull() || !writer.write(image)) {
            setError(error, QStringLiteral("%1: cannot encode the chart as PNG: %2").arg(path, writer.errorString()));
            return false;
        }
    } else {
        QSvgGenerator generator;
        generator.setOutputDevice(&buffer);
        generator.setSize(size);
        generator.setViewBox(QRect(QPoint(), size));
        generator.setTitle(input.title.isEmpty() ? QStringLiteral("Runtime against task count") : input.title);
        generator.setDescription(QStringLiteral("Runtime (s) against task count per strategy, with quadratic "
                                                "trendlines; drawn by Concurrency Lab %1")
                                     .arg(QStringLiteral(CONLAB_VERSION)));
        // Text is laid out with the screen's font metrics; at the SVG's default 72 dpi it would come out smaller
        // than the boxes measured for it.
        const QScreen* screen = QGuiApplication::primaryScreen();
        generator.setResolution(screen ? qRound(screen->logicalDotsPerInch()) : 96);
        OffscreenChart chart(input, size);
        QPainter painter;
        if (!painter.begin(&generator)) {
            setError(error, QStringLiteral("%1: cannot draw the chart as SVG").arg(path));
            return false;
        }
        chart.render(&painter);
        painter.end();
    }
    buffer.close();
    if (*format == ChartFormat::Svg)
        data = withPixelSize(data, size);
    return writeFileAtomically(path, data, error);
}
