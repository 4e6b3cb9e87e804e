// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <QtEndian>
#include <cstring>
#include <type_traits>

namespace certlife {

// Reads what QDataStream (big-endian, Qt_6_4) wrote, straight from memory. QDataStream
// goes through a QBuffer, one virtual QIODevice read per field: for the inventory cache's
// 100,000 certificates (about 30 fields each) that was most of the decoding time at start.
// Only the encodings the cache uses: integers, bool, QString, QByteArray and raw bytes.
// Reading past the end or a malformed length sets !ok() and reads zeros from then on.
class DataStreamReader
{
public:
    explicit DataStreamReader(QByteArrayView data) : m_at(data.data()), m_end(data.data() + data.size()) {}

    bool ok() const { return m_ok; }

    template <typename T>
    requires std::is_integral_v<T> &&(!std::is_same_v<T, bool>)DataStreamReader& operator>>(T& value)
    {
        value = 0;
        if (take(sizeof(T)))
            value = qFromBigEndian<T>(m_at - sizeof(T));
        return *this;
    }

    DataStreamReader& operator>>(bool& value)
    {
        qint8 byte = 0;
        *this >> byte;
        value = byte != 0;
        return *this;
    }

    // QDataStream: byte length (0xFFFFFFFF: a null string), then UTF-16 big-endian.
    DataStreamReader& operator>>(QString& value)
    {
        value = QString();
        quint32 bytes = 0;
        *this >> bytes;
        if (!m_ok || bytes == 0xFFFFFFFF)
            return *this;
        if (bytes % 2 != 0 || !take(bytes))
            return fail();
        if (bytes == 0) {
            value = QLatin1String(""); // empty, not null: as QDataStream reads it
            return *this;
        }
        value.resize(qsizetype(bytes / 2));
        qFromBigEndian<char16_t>(m_at - bytes, qsizetype(bytes / 2), value.data());
        return *this;
    }

    // Steps over a QString as operator>>(QString&) reads it, without making it.
    bool skipString()
    {
        quint32 bytes = 0;
        *this >> bytes;
        if (!m_ok || bytes == 0xFFFFFFFF)
            return m_ok;
        if (bytes % 2 != 0 || !take(bytes))
            return fail().m_ok;
        return true;
    }

    // QDataStream: length (0xFFFFFFFF: a null array), then the bytes.
    DataStreamReader& operator>>(QByteArray& value)
    {
        value = QByteArray();
        quint32 size = 0;
        *this >> size;
        if (!m_ok || size == 0xFFFFFFFF)
            return *this;
        if (!take(size))
            return fail();
        value = QByteArray(m_at - size, qsizetype(size));
        return *this;
    }

    // Where the next field starts; with bytesSince(), the raw bytes of the fields read in
    // between (equal bytes: equal values, so a decoder can share what repeats).
    const char* position() const { return m_at; }
    QByteArrayView bytesSince(const char* start) const { return QByteArrayView(start, m_at - start); }

    bool readRawData(void* out, qsizetype size)
    {
        if (!take(size)) {
            std::memset(out, 0, size_t(size));
            return false;
        }
        std::memcpy(out, m_at - size, size_t(size));
        return true;
    }

private:
    // Advances over `size` bytes when they are there.
    bool take(qsizetype size)
    {
        if (!m_ok || size < 0 || m_end - m_at < size) {
            m_ok = false;
            return false;
        }
        m_at += size;
        return true;
    }
    DataStreamReader& fail()
    {
        m_ok = false;
        return *this;
    }

    const char* m_at;
    const char* m_end;
    bool m_ok = true;
};

} // namespace certlife
