// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "stores/StoreTypes.h"

#include <QDialog>
#include <functional>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;

namespace certlife::ui {

// Asks for a store to monitor: scope, id, name, kind, path, recursion, read-only and
// the file holding its PKCS#12 password (as `certlifectl store add --pkcs12-password-file`).
// The user's own NSS databases (~/.pki/nssdb, Firefox and Thunderbird profiles under
// HOME: stores/NssSuggestions.h) are offered in "Found", as `certlifectl store suggest`
// lists them; choosing one fills in the kind, path, id and name.
// What the catalog would refuse is shown while typing, and OK stays disabled until the
// configuration is acceptable.
class AddStoreDialog : public QDialog
{
    Q_OBJECT
public:
    AddStoreDialog(const QList<Scope>& writableScopes, std::function<QString(const StoreConfig&)> validate,
                   QWidget* parent = nullptr);
    StoreConfig config() const;

private:
    void browse();
    void browsePasswordFile();
    void suggestId();
    void useSuggestion(int index);
    void revalidate();

    std::function<QString(const StoreConfig&)> m_validate;
    QComboBox* m_scope = nullptr;
    QLineEdit* m_id = nullptr;
    QLineEdit* m_name = nullptr;
    QComboBox* m_kind = nullptr;
    QLineEdit* m_path = nullptr;
    QCheckBox* m_recursive = nullptr;
    QCheckBox* m_readOnly = nullptr;
    QLineEdit* m_passwordFile = nullptr;
    QLineEdit* m_sni = nullptr;
    QComboBox* m_startTls = nullptr;
    QLineEdit* m_token = nullptr;       // PKCS#11 stores: the token's label (optional)
    QComboBox* m_suggestions = nullptr; // NSS databases found under HOME
    QLabel* m_problem = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
    bool m_idEdited = false;
};

} // namespace certlife::ui
