/* SPDX-License-Identifier: MIT
 *
 * Flash-size program for Cortex-M4. With BENCH_WITH_OTA it calls every function
 * of the public API, so the linker keeps everything an application could use;
 * without it the same program keeps the same application objects (interface
 * stubs, version, signature key, callback) and calls nothing of the agent. The
 * difference of the two links is what the agent adds to a firmware image.
 *
 * With BENCH_WITH_VERIFY it also calls the signature helpers of ota_signature.h
 * (cargo feature "verify").
 *
 * With BENCH_APP_USES_LIBC the application itself calls memcpy, memmove, memset
 * and memcmp (newlib-nano), as nearly every firmware does; the difference then
 * shows what the agent adds to such a firmware.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ota.h"
#include "ota_appversion32.h"
#include "ota_os_interface.h"
#include "ota_mqtt_interface.h"
#include "ota_http_interface.h"
#include "ota_platform_interface.h"
#include "ota_mqtt_private.h"
#include "ota_http_private.h"
#if defined( BENCH_WITH_VERIFY )
    #include "ota_signature.h"
#endif
#if defined( BENCH_APP_USES_LIBC )
    #include <string.h>
#endif

const AppVersion32_t appFirmwareVersion = { .u.x = { .major = 1, .minor = 0, .build = 1 } };
const char OTA_JsonFileSignatureKey[ OTA_FILE_SIG_KEY_STR_MAX_LENGTH ] = "sig-sha256-ecdsa";

/* Values the stubs return; volatile so no call can be folded away. */
static volatile uint32_t g_result;

/* ---- OS ------------------------------------------------------------------ */

static OtaOsStatus_t os_init( OtaEventContext_t * c )
{
    ( void ) c;
    return ( OtaOsStatus_t ) g_result;
}

static OtaOsStatus_t os_send( OtaEventContext_t * c, const void * m, unsigned int t )
{
    ( void ) c; ( void ) m; ( void ) t;
    return ( OtaOsStatus_t ) ( g_result + 1U );
}

static OtaOsStatus_t os_recv( OtaEventContext_t * c, void * m, uint32_t t )
{
    ( void ) c; ( void ) m; ( void ) t;
    return ( OtaOsStatus_t ) ( g_result + 2U );
}

static OtaOsStatus_t os_deinit( OtaEventContext_t * c )
{
    ( void ) c;
    return ( OtaOsStatus_t ) ( g_result + 3U );
}

static OtaOsStatus_t tm_start( OtaTimerId_t id, const char * const n, const uint32_t t, OtaTimerCallback_t cb )
{
    ( void ) id; ( void ) n; ( void ) t; ( void ) cb;
    return ( OtaOsStatus_t ) ( g_result + 4U );
}

static OtaOsStatus_t tm_stop( OtaTimerId_t id )
{
    ( void ) id;
    return ( OtaOsStatus_t ) ( g_result + 5U );
}

static OtaOsStatus_t tm_delete( OtaTimerId_t id )
{
    ( void ) id;
    return ( OtaOsStatus_t ) ( g_result + 6U );
}

static void * mem_alloc( size_t n )
{
    ( void ) n;
    return ( void * ) ( uintptr_t ) g_result;
}

static void mem_free( void * p )
{
    g_result = ( uint32_t ) ( uintptr_t ) p;
}

/* ---- MQTT / HTTP --------------------------------------------------------- */

static OtaMqttStatus_t mq_sub( const char * t, uint16_t l, uint8_t q )
{
    ( void ) t; ( void ) l; ( void ) q;
    return ( OtaMqttStatus_t ) ( g_result + 7U );
}

static OtaMqttStatus_t mq_unsub( const char * t, uint16_t l, uint8_t q )
{
    ( void ) t; ( void ) l; ( void ) q;
    return ( OtaMqttStatus_t ) ( g_result + 8U );
}

static OtaMqttStatus_t mq_pub( const char * const t, uint16_t tl, const char * m, uint32_t ml, uint8_t q )
{
    ( void ) t; ( void ) tl; ( void ) m; ( void ) ml; ( void ) q;
    return ( OtaMqttStatus_t ) ( g_result + 9U );
}

static OtaHttpStatus_t http_init( char * url )
{
    ( void ) url;
    return ( OtaHttpStatus_t ) ( g_result + 10U );
}

static OtaHttpStatus_t http_request( uint32_t s, uint32_t e )
{
    ( void ) s; ( void ) e;
    return ( OtaHttpStatus_t ) ( g_result + 11U );
}

static OtaHttpStatus_t http_deinit( void )
{
    return ( OtaHttpStatus_t ) ( g_result + 12U );
}

/* ---- PAL ----------------------------------------------------------------- */

static OtaPalStatus_t pal_abort( OtaFileContext_t * const f )
{
    ( void ) f;
    return g_result + 13U;
}

static OtaPalStatus_t pal_create( OtaFileContext_t * const f )
{
    ( void ) f;
    return g_result + 14U;
}

static OtaPalStatus_t pal_close( OtaFileContext_t * const f )
{
    ( void ) f;
    return g_result + 15U;
}

static int16_t pal_write( OtaFileContext_t * const f, uint32_t o, uint8_t * const d, uint32_t n )
{
    ( void ) f; ( void ) o; ( void ) d;
    return ( int16_t ) ( n + g_result );
}

static OtaPalStatus_t pal_activate( OtaFileContext_t * const f )
{
    ( void ) f;
    return g_result + 16U;
}

static OtaPalStatus_t pal_reset( OtaFileContext_t * const f )
{
    ( void ) f;
    return g_result + 17U;
}

static OtaPalStatus_t pal_set_state( OtaFileContext_t * const f, OtaImageState_t s )
{
    ( void ) f;
    return g_result + ( uint32_t ) s;
}

static OtaPalImageState_t pal_get_state( OtaFileContext_t * const f )
{
    ( void ) f;
    return ( OtaPalImageState_t ) g_result;
}

static OtaInterfaces_t g_interfaces =
{
    .os   =
    {
        .event = { .init = os_init, .send = os_send, .recv = os_recv, .deinit = os_deinit, .pEventContext = NULL },
        .timer = { .start = tm_start, .stop = tm_stop, .delete = tm_delete },
        .mem   = { .malloc = mem_alloc, .free = mem_free },
    },
    .mqtt = { .subscribe = mq_sub, .unsubscribe = mq_unsub, .publish = mq_pub },
    .http = { .init = http_init, .request = http_request, .deinit = http_deinit },
    .pal  =
    {
        .abort = pal_abort, .createFile = pal_create, .closeFile = pal_close, .writeBlock = pal_write,
        .activate = pal_activate, .reset = pal_reset, .setPlatformImageState = pal_set_state,
        .getPlatformImageState = pal_get_state,
    },
};

static void app_callback( OtaJobEvent_t e, void * p )
{
    g_result = ( uint32_t ) e + ( uint32_t ) ( uintptr_t ) p;
}

/* The application's event buffer (its pool), the same in both programs. */
static OtaEventData_t g_event_data;

/* Sinks that keep the application objects in both programs. */
volatile const void * volatile g_keep[ 6 ];
volatile uintptr_t g_sink;

#if defined( BENCH_APP_USES_LIBC )
/* The application's own use of the C library's memory functions. Sizes come
 * from a volatile, so each is a real call. */
static uint8_t g_app_a[ 64 ];
static uint8_t g_app_b[ 64 ];

static void app_uses_libc( void )
{
    size_t n = ( size_t ) ( g_result & 31U );

    ( void ) memcpy( g_app_a, g_app_b, n );
    ( void ) memmove( g_app_a, &g_app_a[ 1 ], n );
    ( void ) memset( g_app_b, ( int ) g_result, n );
    g_sink += ( uintptr_t ) memcmp( g_app_a, g_app_b, n );
}
#endif

int main( void )
{
#if defined( BENCH_APP_USES_LIBC )
    app_uses_libc();
#endif
    g_keep[ 0 ] = &g_interfaces;
    g_keep[ 1 ] = &appFirmwareVersion;
    g_keep[ 2 ] = OTA_JsonFileSignatureKey;
    g_keep[ 3 ] = ( const void * ) ( uintptr_t ) app_callback;
    g_keep[ 4 ] = &g_event_data;

#if defined( BENCH_WITH_OTA )
    {
        OtaEventMsg_t msg = { .pEventData = &g_event_data, .eventId = OtaAgentEventStart };
        OtaAgentStatistics_t stats;

        g_sink += ( uintptr_t ) OTA_Init( NULL, &g_interfaces, ( const uint8_t * ) "thing", app_callback );
        g_sink += ( uintptr_t ) OTA_SignalEvent( &msg );
        g_sink += ( uintptr_t ) OTA_EventProcess();
        OTA_EventProcessingTask( NULL );
        g_sink += ( uintptr_t ) OTA_GetState();
        g_sink += ( uintptr_t ) OTA_CheckForUpdate();
        g_sink += ( uintptr_t ) OTA_Suspend();
        g_sink += ( uintptr_t ) OTA_Resume();
        g_sink += ( uintptr_t ) OTA_SetImageState( OtaImageStateAccepted );
        g_sink += ( uintptr_t ) OTA_GetImageState();
        g_sink += ( uintptr_t ) OTA_ActivateNewImage();
        g_sink += ( uintptr_t ) OTA_GetStatistics( &stats );
        g_sink += stats.otaPacketsProcessed;
        g_sink += ( uintptr_t ) OTA_Err_strerror( ( OtaErr_t ) g_result );
        g_sink += ( uintptr_t ) OTA_JobParse_strerror( ( OtaJobParseErr_t ) g_result );
        g_sink += ( uintptr_t ) OTA_PalStatus_strerror( ( OtaPalMainStatus_t ) g_result );
        g_sink += ( uintptr_t ) OTA_OsStatus_strerror( ( OtaOsStatus_t ) g_result );
        g_sink += ( uintptr_t ) OTA_MQTT_strerror( ( OtaMqttStatus_t ) g_result );
        g_sink += ( uintptr_t ) OTA_HTTP_strerror( ( OtaHttpStatus_t ) g_result );
        g_sink += ( uintptr_t ) OTA_Shutdown( 0U, 1U );
    }
#endif

#if defined( BENCH_WITH_VERIFY )
    {
        OtaSha256Context_t ctx;
        uint8_t digest[ OTA_SHA256_DIGEST_LENGTH ];

        OTA_Sha256Init( &ctx );
        OTA_Sha256Update( &ctx, g_event_data.data, g_event_data.dataLength );
        OTA_Sha256Final( &ctx, digest );
        g_sink += OTA_VerifySignatureP256( g_event_data.data, 65U, digest, &g_event_data.data[ 65 ], 72U );
    }
#endif

    return ( int ) g_sink;
}
