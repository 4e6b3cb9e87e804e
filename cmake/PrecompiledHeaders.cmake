# SPDX-FileCopyrightText: 2026 The Certlife developers
# SPDX-License-Identifier: Apache-2.0
# Precompiled headers: parsing Qt's and QCoro's headers is most of a translation unit's
# compile time here (a test file: 5.6 s of 8.9 s is -fsyntax-only), so each group of
# targets with the same compile definitions shares one precompiled set of the headers
# most files include. CERTLIFE_PCH=OFF builds without (to check that every file still
# includes what it uses).
option(CERTLIFE_PCH "Precompile the common Qt headers" ON)

set(CERTLIFE_PCH_CORE
    <algorithm> <functional> <memory> <optional> <vector>
    <QByteArray> <QDateTime> <QDir> <QFile> <QFileInfo> <QHash> <QJsonArray>
    <QJsonDocument> <QJsonObject> <QList> <QObject> <QPointer> <QRegularExpression>
    <QSet> <QString> <QStringList> <QCoro/QCoroTask>)
set(CERTLIFE_PCH_WIDGETS
    <QAction> <QComboBox> <QHBoxLayout> <QLabel> <QLineEdit> <QPushButton>
    <QTableView> <QVBoxLayout> <QWidget>)
set(CERTLIFE_PCH_TEST <QSignalSpy> <QTemporaryDir> <QTest>)

# certlife_precompile(TARGET HEADERS...) gives TARGET its own precompiled headers.
function(certlife_precompile target)
    if(CERTLIFE_PCH)
        target_precompile_headers(${target} PRIVATE ${ARGN})
    endif()
endfunction()

# certlife_precompile_like(TARGET FROM): TARGET reuses FROM's precompiled headers
# (same compile definitions and options required; the tests of one group qualify).
function(certlife_precompile_like target from)
    if(CERTLIFE_PCH)
        target_precompile_headers(${target} REUSE_FROM ${from})
    endif()
endfunction()
