#include "x509/CertificateDecoder.h"

#include "x509/OpenSslCertificateReader.h"

namespace certlife {

std::optional<Certificate> decodeCertificateDer(QByteArrayView der, QString* error)
{
    return OpenSslCertificateReader::fromDer(der, error);
}

} // namespace certlife
