#include "reportmodels.h"
// Placeholder: implemented by the work in progress on the desktop app.
