/*
 * SPDX-License-Identifier: MIT
 *
 * Log bridge: the Rust core cannot expand C macros, so it calls these functions,
 * which expand the application's LogError / LogWarn / LogInfo / LogDebug macros
 * from its ota_config.h (empty by default, as with the C agent). Compiled with the
 * same configuration as the application.
 *
 * Every format string comes from the library itself (never from input), and each
 * bridge has a fixed argument shape so the variadic call is well defined.
 */
#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>

#include "ota_private.h"

/* Log levels as the Rust side numbers them. */
#define OTA_LOG_LEVEL_ERROR    0U
#define OTA_LOG_LEVEL_WARN     1U
#define OTA_LOG_LEVEL_INFO     2U
#define OTA_LOG_LEVEL_DEBUG    3U

/* The application's macros may expand to nothing, leaving parameters unused. */
#define OTA_LOG_UNUSED( x )    ( void ) ( x )

void ota_log_bridge_u32( uint32_t level,
                         const char * fmt,
                         uint32_t a,
                         uint32_t b,
                         uint32_t c );
void ota_log_bridge_str( uint32_t level,
                         const char * fmt,
                         int len,
                         const char * s,
                         uint32_t a );

void ota_log_bridge_u32( uint32_t level,
                         const char * fmt,
                         uint32_t a,
                         uint32_t b,
                         uint32_t c )
{
    OTA_LOG_UNUSED( fmt );
    OTA_LOG_UNUSED( a );
    OTA_LOG_UNUSED( b );
    OTA_LOG_UNUSED( c );

    switch( level )
    {
        case OTA_LOG_LEVEL_ERROR:
            LogError( ( fmt, a, b, c ) );
            break;

        case OTA_LOG_LEVEL_WARN:
            LogWarn( ( fmt, a, b, c ) );
            break;

        case OTA_LOG_LEVEL_INFO:
            LogInfo( ( fmt, a, b, c ) );
            break;

        default:
            LogDebug( ( fmt, a, b, c ) );
            break;
    }
}

void ota_log_bridge_str( uint32_t level,
                         const char * fmt,
                         int len,
                         const char * s,
                         uint32_t a )
{
    OTA_LOG_UNUSED( fmt );
    OTA_LOG_UNUSED( len );
    OTA_LOG_UNUSED( s );
    OTA_LOG_UNUSED( a );

    switch( level )
    {
        case OTA_LOG_LEVEL_ERROR:
            LogError( ( fmt, len, s, a ) );
            break;

        case OTA_LOG_LEVEL_WARN:
            LogWarn( ( fmt, len, s, a ) );
            break;

        case OTA_LOG_LEVEL_INFO:
            LogInfo( ( fmt, len, s, a ) );
            break;

        default:
            LogDebug( ( fmt, len, s, a ) );
            break;
    }
}
