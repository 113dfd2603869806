// Uses one message of the catalogue and one it does not have.
std::string a = tr("summary.used", lang);
std::string b = tr("summary.missing", lang);
