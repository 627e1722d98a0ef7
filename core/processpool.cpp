#include "processpool.h"
