/*
 * SPDX-License-Identifier: MIT
 *
 * aws_ota_pal.h - V1.0.x (amazon-freertos 201908/201910) name of
 * aws_iot_ota_pal.h. Both names used the same include guard in the
 * original, and so do they here: whichever comes first declares the
 * prvPAL_* functions.
 */

#ifndef _AWS_OTA_PAL_H_
    #include "aws_ota_types.h"
    #include "aws_ota_agent.h"
    #include "aws_iot_ota_pal.h"
#define _AWS_OTA_PAL_H_

/* *INDENT-OFF* */
#ifdef __cplusplus
    extern "C" {
#endif
/* *INDENT-ON* */

/* Everything is declared in aws_iot_ota_pal.h. */

/* *INDENT-OFF* */
#ifdef __cplusplus
    }
#endif
/* *INDENT-ON* */

#endif /* ifndef _AWS_OTA_PAL_H_ */
