/*
 * SPDX-License-Identifier: MIT
 *
 * ota_appversion32.h - the application firmware version as the OTA agent
 * reads it.
 *
 * Source-compatible with the AWS IoT OTA library v3.4.x header of the same
 * name. Written by hand in C, not generated: the member order of the version
 * struct follows the byte order the user's C compiler reports, so that
 * unsignedVersion32 is always ( major << 24 ) | ( minor << 16 ) | build.
 *
 * The application defines appFirmwareVersion; the library only reads it
 * (each time it needs it, so a non-const definition may change at run time).
 * Like the original, this header does not include the configuration headers:
 * OTA_USE_NONCONST_APPVERSION must already be defined when it is included.
 */

#ifndef IOT_APPVERSION32_H
#define IOT_APPVERSION32_H

/* Standard includes. */
#include <stdint.h>

/* *INDENT-OFF* */
#ifdef __cplusplus
    extern "C" {
#endif
/* *INDENT-ON* */

/**
 * @ingroup ota_struct_types
 * @brief A firmware version X.Y.Z packed in 32 bits.
 *
 * The byte-order test is the original one, clause for clause, so each
 * compiler picks the same layout as before. In particular, when none of the
 * byte-order macros is defined, the last little-endian clause compares two
 * undefined names (0 == 0) and selects the little-endian layout; compilers
 * that rely on that keep working.
 */
typedef struct
{
    union
    {
        #if ( defined( __BYTE_ORDER__ ) && defined( __ORDER_LITTLE_ENDIAN__ ) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ) || ( __little_endian__ == 1 ) || WIN32 || ( __BYTE_ORDER == __LITTLE_ENDIAN )
            struct version
            {
                uint16_t build; /*!< Build number (Z). */
                uint8_t minor;  /*!< Minor version (Y). */
                uint8_t major;  /*!< Major version (X). */
            } x;                /*!< The three parts, lowest address first. */
        #elif ( defined( __BYTE_ORDER__ ) && defined( __ORDER_BIG_ENDIAN__ ) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__ ) || ( __big_endian__ == 1 ) || ( __BYTE_ORDER == __BIG_ENDIAN )
            struct version
            {
                uint8_t major;  /*!< Major version (X). */
                uint8_t minor;  /*!< Minor version (Y). */
                uint16_t build; /*!< Build number (Z). */
            } x;                /*!< The three parts, lowest address first. */
        #else
            #error "Unable to determine byte order!"
        #endif
        uint32_t unsignedVersion32; /*!< ( major << 24 ) | ( minor << 16 ) | build. */
        int32_t signedVersion32;    /*!< The same bits, signed. */
    } u; /*!< The version, as parts or as one word. */
} AppVersion32_t;

/**
 * @brief The running firmware's version, defined by the application.
 *
 * Declared const unless OTA_USE_NONCONST_APPVERSION is defined as 1.
 */
#if defined( OTA_USE_NONCONST_APPVERSION ) && ( OTA_USE_NONCONST_APPVERSION == 1 )
    extern AppVersion32_t appFirmwareVersion;
#else
    extern const AppVersion32_t appFirmwareVersion;
#endif

/* *INDENT-OFF* */
#ifdef __cplusplus
    }
#endif
/* *INDENT-ON* */

#endif /* ifndef IOT_APPVERSION32_H */
