#include "exec/canceltoken.h"
