/*
 * SPDX-License-Identifier: MIT
 *
 * Test stand-in for a v1 application's version header (demos/include in
 * amazon-freertos): the version type comes from iot_appversion32.h, which
 * the library's include/ provides. The test build passes the numbers.
 */

#ifndef _AWS_APPLICATION_VERSION_H_
#define _AWS_APPLICATION_VERSION_H_

#include "iot_appversion32.h"

extern const AppVersion32_t xAppFirmwareVersion;

#ifndef APP_VERSION_MAJOR
    #define APP_VERSION_MAJOR    1
#endif
#ifndef APP_VERSION_MINOR
    #define APP_VERSION_MINOR    0
#endif
#ifndef APP_VERSION_BUILD
    #define APP_VERSION_BUILD    1
#endif

#endif /* _AWS_APPLICATION_VERSION_H_ */
