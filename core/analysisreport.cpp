#include "analysisreport.h"
