/*
 * SPDX-License-Identifier: MIT
 *
 * iot_appversion32.h - the application version type of Amazon FreeRTOS
 * v1 (from its common library), as v1 applications and PALs use it through
 * aws_application_version.h: AppVersion32_t with the members ucMajor,
 * ucMinor, usBuild, ulVersion32 and lVersion32.
 *
 * The layout is that of the v3 AppVersion32_t (ota_appversion32.h), and
 * ulVersion32 is ( major << 24 ) | ( minor << 16 ) | build on either byte
 * order. The application's xAppFirmwareVersion is renamed to the v3
 * agent's appFirmwareVersion here (unless OTA_V1_NO_SYMBOL_RENAME is
 * defined), so put this directory before any other copy of this header on
 * the include path. Do not include it together with ota_appversion32.h:
 * both define AppVersion32_t.
 */

#ifndef _IOT_APPVERSION32_H_
#define _IOT_APPVERSION32_H_

#include <stdint.h>

/* *INDENT-OFF* */
#ifdef __cplusplus
    extern "C" {
#endif
/* *INDENT-ON* */

#ifndef OTA_V1_NO_SYMBOL_RENAME
    /** @brief The v1 application's version is the v3 agent's appFirmwareVersion. */
    #define xAppFirmwareVersion    appFirmwareVersion
#endif

/**
 * @brief A firmware version X.Y.Z in 32 bits, with the v1 member names.
 * The byte-order test is the one of the v3 header, so both pick the same
 * member order.
 */
typedef struct
{
    union
    {
        #if ( defined( __BYTE_ORDER__ ) && defined( __ORDER_LITTLE_ENDIAN__ ) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ) || ( __little_endian__ == 1 ) || WIN32 || ( __BYTE_ORDER == __LITTLE_ENDIAN )
            struct version
            {
                uint16_t usBuild; /*!< Build number (Z). */
                uint8_t ucMinor;  /*!< Minor version (Y). */
                uint8_t ucMajor;  /*!< Major version (X). */
            } x;                  /*!< The three parts, lowest address first. */
        #elif ( defined( __BYTE_ORDER__ ) && defined( __ORDER_BIG_ENDIAN__ ) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__ ) || ( __big_endian__ == 1 ) || ( __BYTE_ORDER == __BIG_ENDIAN )
            struct version
            {
                uint8_t ucMajor;  /*!< Major version (X). */
                uint8_t ucMinor;  /*!< Minor version (Y). */
                uint16_t usBuild; /*!< Build number (Z). */
            } x;                  /*!< The three parts, lowest address first. */
        #else
            #error "Unable to determine byte order!"
        #endif
        uint32_t ulVersion32; /*!< ( major << 24 ) | ( minor << 16 ) | build. */
        int32_t lVersion32;   /*!< The same bits, signed. */
    } u;                      /*!< The version, as parts or as one word. */
} AppVersion32_t;

/* *INDENT-OFF* */
#ifdef __cplusplus
    }
#endif
/* *INDENT-ON* */

#endif /* ifndef _IOT_APPVERSION32_H_ */
