/*
 * SPDX-License-Identifier: MIT
 *
 * One complete over-the-air update of BENCH_FILE_SIZE bytes (1 MiB) driven through
 * the C ABI of libota.a, with in-process interfaces and no network:
 *
 *   - OS: a ring-buffer event queue, timers that are recorded but never fire, and
 *     malloc/free wrappers that count every byte the agent asks for;
 *   - MQTT: publishes are noted; a scripted cloud answers `$next/get` with a job
 *     document and each GetStream request with the next blocks, encoded as the
 *     service does ({"c","f","i","l","p"} CBOR maps);
 *   - PAL: writeBlock copies the block into a RAM "flash" buffer.
 *
 * The application lends no buffers (every OtaAppBuffer_t field NULL/0), so the
 * agent allocates what it needs through os.mem.
 *
 * Modes (first argument):
 *   heap   run the update with the agent on its own painted stack (ucontext);
 *          report the heap peak, allocation count and the stack high-water mark.
 *   cpu    run the same update directly, for valgrind --tool=callgrind. Every agent
 *          call goes through a bench_* wrapper (one per event type) so callgrind's
 *          --toggle-collect=bench_* attributes instructions to event types; the
 *          interface implementations switch collection off while they run, except
 *          the PAL's copy into flash, which counts as the goal says.
 *   floor  decode-and-copy loops for comparison (hand-written minimal CBOR decoder
 *          + memcpy, and memcpy alone), collected through bench_floor_*.
 *
 * Output: key=value lines on stdout; exit status 0 when the update completed with
 * a byte-exact image.
 */

#define _GNU_SOURCE

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ucontext.h>

#include "ota.h"
#include "ota_appversion32.h"
#include "ota_os_interface.h"
#include "ota_mqtt_interface.h"
#include "ota_http_interface.h"
#include "ota_platform_interface.h"

#if defined( __has_include )
    #if __has_include( <valgrind/callgrind.h> )
        #include <valgrind/callgrind.h>
    #endif
#endif
#ifndef CALLGRIND_TOGGLE_COLLECT
    #define CALLGRIND_TOGGLE_COLLECT
#endif

/* Interface code that is not the agent's: not counted. */
#define FAKE_ENTER()    CALLGRIND_TOGGLE_COLLECT
#define FAKE_LEAVE()    CALLGRIND_TOGGLE_COLLECT

#define NOINLINE        __attribute__( ( noinline, used ) )

#ifndef BENCH_FILE_SIZE
    #define BENCH_FILE_SIZE    ( 1024U * 1024U )
#endif

#define BLOCK_SIZE    OTA_FILE_BLOCK_SIZE
#define NUM_BLOCKS    ( ( BENCH_FILE_SIZE + BLOCK_SIZE - 1U ) / BLOCK_SIZE )

const AppVersion32_t appFirmwareVersion = { .u.x = { .major = 1, .minor = 0, .build = 1 } };
const char OTA_JsonFileSignatureKey[ OTA_FILE_SIG_KEY_STR_MAX_LENGTH ] = "sig-sha256-ecdsa";

static uint8_t g_image[ BENCH_FILE_SIZE ];
static uint8_t g_flash[ BENCH_FILE_SIZE ];

/* ======================================================================== */
/* Heap accounting (os.mem), and libc allocations made by libota.a itself.   */

void * __real_malloc( size_t size );

typedef struct
{
    size_t size;
    size_t pad;
} AllocHeader_t;

static size_t g_heap_now;
static size_t g_heap_peak;
static size_t g_heap_allocs;
static size_t g_heap_frees;
static size_t g_heap_live;
static size_t g_heap_live_peak;
static size_t g_heap_sizes[ 64 ];
static size_t g_heap_nsizes;

static void * os_malloc( size_t size )
{
    AllocHeader_t * h;

    FAKE_ENTER();
    h = __real_malloc( sizeof( AllocHeader_t ) + size );

    if( h != NULL )
    {
        h->size = size;
        g_heap_now += size;
        g_heap_allocs++;
        g_heap_live++;

        if( g_heap_now > g_heap_peak )
        {
            g_heap_peak = g_heap_now;
        }

        if( g_heap_live > g_heap_live_peak )
        {
            g_heap_live_peak = g_heap_live;
        }

        if( g_heap_nsizes < ( sizeof( g_heap_sizes ) / sizeof( g_heap_sizes[ 0 ] ) ) )
        {
            g_heap_sizes[ g_heap_nsizes++ ] = size;
        }

        h++;
    }

    FAKE_LEAVE();
    return h;
}

static void os_free( void * p )
{
    FAKE_ENTER();

    if( p != NULL )
    {
        AllocHeader_t * h = ( AllocHeader_t * ) p - 1;
        g_heap_now -= h->size;
        g_heap_frees++;
        g_heap_live--;
        free( h );
    }

    FAKE_LEAVE();
}

/* libc heap calls from inside libota.a (linked with -Wl,--wrap=malloc,...). On the host
 * the library links the Rust standard library; it should not allocate. */
static size_t g_libc_allocs;
void * __real_calloc( size_t n, size_t size );
void * __real_realloc( void * p, size_t size );
int __real_posix_memalign( void ** pp, size_t align, size_t size );
void * __wrap_malloc( size_t size );
void * __wrap_calloc( size_t n, size_t size );
void * __wrap_realloc( void * p, size_t size );
int __wrap_posix_memalign( void ** pp, size_t align, size_t size );

void * __wrap_malloc( size_t size )
{
    g_libc_allocs++;
    return __real_malloc( size );
}

void * __wrap_calloc( size_t n, size_t size )
{
    g_libc_allocs++;
    return __real_calloc( n, size );
}

void * __wrap_realloc( void * p, size_t size )
{
    g_libc_allocs++;
    return __real_realloc( p, size );
}

int __wrap_posix_memalign( void ** pp, size_t align, size_t size )
{
    g_libc_allocs++;
    return __real_posix_memalign( pp, align, size );
}

/* ======================================================================== */
/* OS: event queue and timers.                                              */

#define QUEUE_CAP    64U

static OtaEventMsg_t g_queue[ QUEUE_CAP ];
static size_t g_q_head;
static size_t g_q_len;
static size_t g_q_overflows;

static OtaOsStatus_t os_init( OtaEventContext_t * c )
{
    FAKE_ENTER();
    ( void ) c;
    g_q_head = 0;
    g_q_len = 0;
    FAKE_LEAVE();
    return OtaOsSuccess;
}

static OtaOsStatus_t os_send( OtaEventContext_t * c,
                              const void * m,
                              unsigned int t )
{
    OtaOsStatus_t r = OtaOsSuccess;

    FAKE_ENTER();
    ( void ) c;
    ( void ) t;

    if( g_q_len == QUEUE_CAP )
    {
        g_q_overflows++;
        r = OtaOsEventQueueSendFailed;
    }
    else
    {
        memcpy( &g_queue[ ( g_q_head + g_q_len ) % QUEUE_CAP ], m, sizeof( OtaEventMsg_t ) );
        g_q_len++;
    }

    FAKE_LEAVE();
    return r;
}

static OtaOsStatus_t os_recv( OtaEventContext_t * c,
                              void * m,
                              uint32_t t )
{
    OtaOsStatus_t r = OtaOsSuccess;

    FAKE_ENTER();
    ( void ) c;
    ( void ) t;

    if( g_q_len == 0U )
    {
        r = OtaOsEventQueueReceiveFailed;
    }
    else
    {
        memcpy( m, &g_queue[ g_q_head ], sizeof( OtaEventMsg_t ) );
        g_q_head = ( g_q_head + 1U ) % QUEUE_CAP;
        g_q_len--;
    }

    FAKE_LEAVE();
    return r;
}

static OtaOsStatus_t os_deinit( OtaEventContext_t * c )
{
    FAKE_ENTER();
    ( void ) c;
    FAKE_LEAVE();
    return OtaOsSuccess;
}

static OtaOsStatus_t tm_start( OtaTimerId_t id,
                               const char * const n,
                               const uint32_t t,
                               OtaTimerCallback_t cb )
{
    FAKE_ENTER();
    ( void ) id;
    ( void ) n;
    ( void ) t;
    ( void ) cb;
    FAKE_LEAVE();
    return OtaOsSuccess;
}

static OtaOsStatus_t tm_stop( OtaTimerId_t id )
{
    FAKE_ENTER();
    ( void ) id;
    FAKE_LEAVE();
    return OtaOsSuccess;
}

static OtaOsStatus_t tm_delete( OtaTimerId_t id )
{
    FAKE_ENTER();
    ( void ) id;
    FAKE_LEAVE();
    return OtaOsSuccess;
}

/* ======================================================================== */
/* MQTT and the scripted cloud.                                             */

static bool g_job_requested;
static size_t g_stream_requests_pending;
static size_t g_stream_requests;
static size_t g_status_updates;
static size_t g_publishes;
static uint32_t g_next_block;

static bool ends_with( const char * s,
                       uint16_t len,
                       const char * suffix )
{
    size_t n = strlen( suffix );

    return ( len >= n ) && ( memcmp( s + len - n, suffix, n ) == 0 );
}

static OtaMqttStatus_t mq_sub( const char * t,
                               uint16_t l,
                               uint8_t q )
{
    FAKE_ENTER();
    ( void ) t;
    ( void ) l;
    ( void ) q;
    FAKE_LEAVE();
    return OtaMqttSuccess;
}

static OtaMqttStatus_t mq_unsub( const char * t,
                                 uint16_t l,
                                 uint8_t q )
{
    FAKE_ENTER();
    ( void ) t;
    ( void ) l;
    ( void ) q;
    FAKE_LEAVE();
    return OtaMqttSuccess;
}

static OtaMqttStatus_t mq_pub( const char * const t,
                               uint16_t tl,
                               const char * m,
                               uint32_t ml,
                               uint8_t q )
{
    FAKE_ENTER();
    ( void ) m;
    ( void ) ml;
    ( void ) q;
    g_publishes++;

    if( ends_with( t, tl, "/jobs/$next/get" ) )
    {
        g_job_requested = true;
    }
    else if( ends_with( t, tl, "/get/cbor" ) )
    {
        g_stream_requests_pending++;
        g_stream_requests++;
    }
    else if( ends_with( t, tl, "/update" ) )
    {
        g_status_updates++;
    }

    FAKE_LEAVE();
    return OtaMqttSuccess;
}

static OtaHttpStatus_t http_init( char * url )
{
    ( void ) url;
    return OtaHttpSuccess;
}

static OtaHttpStatus_t http_request( uint32_t s,
                                     uint32_t e )
{
    ( void ) s;
    ( void ) e;
    return OtaHttpSuccess;
}

static OtaHttpStatus_t http_deinit( void )
{
    return OtaHttpSuccess;
}

/* ======================================================================== */
/* PAL: RAM flash.                                                          */

static size_t g_writes;
static bool g_closed;
static int g_activate_events;
static int g_fail_events;

static OtaPalStatus_t pal_abort( OtaFileContext_t * const f )
{
    FAKE_ENTER();
    f->pFile = NULL;
    FAKE_LEAVE();
    return OtaPalSuccess;
}

static OtaPalStatus_t pal_create( OtaFileContext_t * const f )
{
    FAKE_ENTER();
    f->pFile = ( otaconfigOTA_FILE_TYPE * ) ( void * ) g_flash;
    FAKE_LEAVE();
    return OtaPalSuccess;
}

static OtaPalStatus_t pal_close( OtaFileContext_t * const f )
{
    FAKE_ENTER();
    ( void ) f;
    g_closed = true;
    FAKE_LEAVE();
    return OtaPalSuccess;
}

/* Counted: the copy into flash is part of the per-block cost. */
static int16_t pal_write( OtaFileContext_t * const f,
                          uint32_t offset,
                          uint8_t * const data,
                          uint32_t size )
{
    ( void ) f;

    if( ( offset > BENCH_FILE_SIZE ) || ( size > BENCH_FILE_SIZE - offset ) )
    {
        return -1;
    }

    memcpy( &g_flash[ offset ], data, size );
    g_writes++;
    return ( int16_t ) size;
}

static OtaPalStatus_t pal_activate( OtaFileContext_t * const f )
{
    ( void ) f;
    return OtaPalSuccess;
}

static OtaPalStatus_t pal_reset( OtaFileContext_t * const f )
{
    ( void ) f;
    return OtaPalSuccess;
}

static OtaPalStatus_t pal_set_state( OtaFileContext_t * const f,
                                     OtaImageState_t s )
{
    FAKE_ENTER();
    ( void ) f;
    ( void ) s;
    FAKE_LEAVE();
    return OtaPalSuccess;
}

static OtaPalImageState_t pal_get_state( OtaFileContext_t * const f )
{
    FAKE_ENTER();
    ( void ) f;
    FAKE_LEAVE();
    return OtaPalImageStateValid;
}

static OtaInterfaces_t g_interfaces =
{
    .os   =
    {
        .event = { .init = os_init, .send = os_send, .recv = os_recv, .deinit = os_deinit, .pEventContext = NULL },
        .timer = { .start = tm_start, .stop = tm_stop, .delete = tm_delete },
        .mem   = { .malloc = os_malloc, .free = os_free },
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

/* ======================================================================== */
/* Application: event buffer pool and callback.                             */

#define POOL_SIZE    4U

static OtaEventData_t g_pool[ POOL_SIZE ];
static bool g_pool_used[ POOL_SIZE ];
static size_t g_pool_exhausted;

static OtaEventData_t * pool_get( void )
{
    size_t i;

    for( i = 0; i < POOL_SIZE; i++ )
    {
        if( !g_pool_used[ i ] )
        {
            g_pool_used[ i ] = true;
            return &g_pool[ i ];
        }
    }

    g_pool_exhausted++;
    return NULL;
}

static void app_callback( OtaJobEvent_t e,
                          void * p )
{
    FAKE_ENTER();

    if( e == OtaJobEventProcessed )
    {
        size_t i;

        for( i = 0; i < POOL_SIZE; i++ )
        {
            if( p == ( void * ) &g_pool[ i ] )
            {
                g_pool_used[ i ] = false;
            }
        }
    }
    else if( e == OtaJobEventActivate )
    {
        g_activate_events++;
    }
    else if( e == OtaJobEventFail )
    {
        g_fail_events++;
    }

    FAKE_LEAVE();
}

/* ======================================================================== */
/* Cloud: job document and CBOR data blocks.                                */

/* A job document as AWS IoT Jobs sends it in a $next/get/accepted response, with a
 * base64 ECDSA-P256 DER signature (72 bytes). */
static int make_job_document( char * out,
                              size_t cap )
{
    return snprintf( out, cap,
                     "{\"clientToken\":\"0:bench-thing\",\"timestamp\":1700000000,"
                     "\"execution\":{\"jobId\":\"AFR_OTA-bench-job-0001\",\"status\":\"QUEUED\","
                     "\"queuedAt\":1700000000,\"lastUpdatedAt\":1700000000,\"versionNumber\":1,"
                     "\"executionNumber\":1,\"jobDocument\":{\"afr_ota\":{\"protocols\":[\"MQTT\"],"
                     "\"streamname\":\"AFR_OTA-5c2d1a9e-7b44-4a1e-9d3f-0a6b2c8e4f10\","
                     "\"files\":[{\"filepath\":\"/device/firmware.bin\",\"filesize\":%u,\"fileid\":0,"
                     "\"certfile\":\"/certs/ota_signer.crt\",\"fileType\":0,"
                     "\"sig-sha256-ecdsa\":\"MEYCIQDm4m9ZKq8H0b5w8l0Yc2k3v5Qm6Gf6m3m2pQ1r2Vq9LQIhAO5Vq1l9m0QeN3c"
                     "2s7Yx0W4k1Hn6b8p3aZc5Jf0d2m7X\"}]}}}}",
                     ( unsigned ) BENCH_FILE_SIZE );
}

static size_t cbor_head( uint8_t * p,
                         uint8_t major,
                         uint32_t v )
{
    major = ( uint8_t ) ( major << 5 );

    if( v < 24U )
    {
        p[ 0 ] = ( uint8_t ) ( major | v );
        return 1;
    }

    if( v <= 0xffU )
    {
        p[ 0 ] = ( uint8_t ) ( major | 24U );
        p[ 1 ] = ( uint8_t ) v;
        return 2;
    }

    if( v <= 0xffffU )
    {
        p[ 0 ] = ( uint8_t ) ( major | 25U );
        p[ 1 ] = ( uint8_t ) ( v >> 8 );
        p[ 2 ] = ( uint8_t ) v;
        return 3;
    }

    p[ 0 ] = ( uint8_t ) ( major | 26U );
    p[ 1 ] = ( uint8_t ) ( v >> 24 );
    p[ 2 ] = ( uint8_t ) ( v >> 16 );
    p[ 3 ] = ( uint8_t ) ( v >> 8 );
    p[ 4 ] = ( uint8_t ) v;
    return 5;
}

static size_t cbor_key( uint8_t * p,
                        char k )
{
    p[ 0 ] = 0x61;
    p[ 1 ] = ( uint8_t ) k;
    return 2;
}

/* {"c":"rdy","f":0,"i":index,"l":len,"p":bytes}: the service's layout. */
static size_t make_block( uint8_t * out,
                          uint32_t index )
{
    uint32_t off = index * BLOCK_SIZE;
    uint32_t len = ( BENCH_FILE_SIZE - off < BLOCK_SIZE ) ? ( BENCH_FILE_SIZE - off ) : BLOCK_SIZE;
    size_t n = 0;

    n += cbor_head( &out[ n ], 5, 5 );
    n += cbor_key( &out[ n ], 'c' );
    n += cbor_head( &out[ n ], 3, 3 );
    memcpy( &out[ n ], "rdy", 3 );
    n += 3;
    n += cbor_key( &out[ n ], 'f' );
    n += cbor_head( &out[ n ], 0, 0 );
    n += cbor_key( &out[ n ], 'i' );
    n += cbor_head( &out[ n ], 0, index );
    n += cbor_key( &out[ n ], 'l' );
    n += cbor_head( &out[ n ], 0, len );
    n += cbor_key( &out[ n ], 'p' );
    n += cbor_head( &out[ n ], 2, len );
    memcpy( &out[ n ], &g_image[ off ], len );
    return n + len;
}

static void make_image( void )
{
    uint32_t x = 0x12345678U;
    size_t i;

    for( i = 0; i < sizeof( g_image ); i++ )
    {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        g_image[ i ] = ( uint8_t ) x;
    }
}

/* ======================================================================== */
/* Agent calls. One wrapper per event type so that callgrind attributes      */
/* instructions to each; each has its own counter so none are merged.       */

static volatile unsigned g_calls[ 32 ];
static OtaEventMsg_t g_sig_msg;

NOINLINE OtaErr_t bench_init( void )
{
    static OtaAppBuffer_t none; /* the application lends no buffers */

    g_calls[ 20 ]++;
    return OTA_Init( &none, &g_interfaces, ( const uint8_t * ) "bench-thing", app_callback );
}

NOINLINE bool bench_signal_start( void )
{
    g_calls[ 21 ]++;
    return OTA_SignalEvent( &g_sig_msg );
}

NOINLINE bool bench_signal_job( void )
{
    g_calls[ 22 ]++;
    return OTA_SignalEvent( &g_sig_msg );
}

NOINLINE bool bench_signal_block( void )
{
    g_calls[ 23 ]++;
    return OTA_SignalEvent( &g_sig_msg );
}

NOINLINE OtaState_t bench_shutdown( void )
{
    g_calls[ 24 ]++;
    return OTA_Shutdown( 0U, 1U );
}

#define EV_WRAPPER( id, name )                     \
    NOINLINE OtaState_t bench_ev_ ## name( void )  \
    {                                              \
        g_calls[ id ]++;                           \
        return OTA_EventProcess();                 \
    }

EV_WRAPPER( 0, Start )
EV_WRAPPER( 1, StartSelfTest )
EV_WRAPPER( 2, RequestJobDocument )
EV_WRAPPER( 3, ReceivedJobDocument )
EV_WRAPPER( 4, CreateFile )
EV_WRAPPER( 5, RequestFileBlock )
EV_WRAPPER( 6, ReceivedFileBlock )
EV_WRAPPER( 7, RequestTimer )
EV_WRAPPER( 8, CloseFile )
EV_WRAPPER( 9, Suspend )
EV_WRAPPER( 10, Resume )
EV_WRAPPER( 11, UserAbort )
EV_WRAPPER( 12, Shutdown )
EV_WRAPPER( 13, Other )

typedef OtaState_t (* EvFn_t)( void );

static const EvFn_t g_ev_fns[ 14 ] =
{
    bench_ev_Start,            bench_ev_StartSelfTest, bench_ev_RequestJobDocument,
    bench_ev_ReceivedJobDocument, bench_ev_CreateFile, bench_ev_RequestFileBlock,
    bench_ev_ReceivedFileBlock, bench_ev_RequestTimer, bench_ev_CloseFile,
    bench_ev_Suspend,          bench_ev_Resume,        bench_ev_UserAbort,
    bench_ev_Shutdown,         bench_ev_Other,
};

/* ======================================================================== */
/* Running agent calls on a separate, painted stack (heap mode).             */

#define AGENT_STACK_SIZE    ( 256U * 1024U )
#define PAINT               0xA5U

static bool g_use_coroutine;
static ucontext_t g_main_ctx;
static ucontext_t g_agent_ctx;
static uint8_t g_agent_stack[ AGENT_STACK_SIZE ] __attribute__( ( aligned( 64 ) ) );
static intptr_t ( * g_agent_cmd )( void );
static intptr_t g_agent_ret;

static void agent_loop( void )
{
    for( ; ; )
    {
        g_agent_ret = g_agent_cmd();
        ( void ) swapcontext( &g_agent_ctx, &g_main_ctx );
    }
}

static intptr_t call_init( void )
{
    return ( intptr_t ) bench_init();
}

static intptr_t call_signal_start( void )
{
    return ( intptr_t ) bench_signal_start();
}

static intptr_t call_signal_job( void )
{
    return ( intptr_t ) bench_signal_job();
}

static intptr_t call_signal_block( void )
{
    return ( intptr_t ) bench_signal_block();
}

static intptr_t call_shutdown( void )
{
    return ( intptr_t ) bench_shutdown();
}

static EvFn_t g_ev_pending;

static intptr_t call_event( void )
{
    return ( intptr_t ) g_ev_pending();
}

static intptr_t agent( intptr_t ( * fn )( void ) )
{
    if( !g_use_coroutine )
    {
        return fn();
    }

    g_agent_cmd = fn;
    ( void ) swapcontext( &g_main_ctx, &g_agent_ctx );
    return g_agent_ret;
}

static void coroutine_setup( void )
{
    memset( g_agent_stack, PAINT, sizeof( g_agent_stack ) );
    ( void ) getcontext( &g_agent_ctx );
    g_agent_ctx.uc_stack.ss_sp = g_agent_stack;
    g_agent_ctx.uc_stack.ss_size = sizeof( g_agent_stack );
    g_agent_ctx.uc_link = NULL;
    makecontext( &g_agent_ctx, agent_loop, 0 );
    g_use_coroutine = true;
}

/* Bytes of the agent stack ever written, minus what the coroutine start-up and
 * the dispatch frames (agent_loop, call_*, bench_*) use: measured the same way
 * with a call into an empty wrapper. */
static size_t stack_used( void )
{
    size_t i = 0;

    while( ( i < sizeof( g_agent_stack ) ) && ( g_agent_stack[ i ] == PAINT ) )
    {
        i++;
    }

    return sizeof( g_agent_stack ) - i;
}

static NOINLINE intptr_t bench_empty( void )
{
    g_calls[ 25 ]++;
    return 0;
}

/* ======================================================================== */
/* The update.                                                               */

static size_t g_events[ 14 ];

static int dispatch_one( void )
{
    int id = ( int ) g_queue[ g_q_head ].eventId;

    if( ( id < 0 ) || ( id > 12 ) )
    {
        id = 13;
    }

    g_events[ id ]++;
    g_ev_pending = g_ev_fns[ id ];
    ( void ) agent( call_event );
    return id;
}

static char g_jobdoc[ 2048 ];

static int run_update( void )
{
    size_t guard = 0;
    OtaErr_t err;

    make_image();
    memset( g_flash, 0xff, sizeof( g_flash ) );

    err = ( OtaErr_t ) agent( call_init );

    if( err != OtaErrNone )
    {
        fprintf( stderr, "OTA_Init failed: %d\n", ( int ) err );
        return 1;
    }

    g_sig_msg.pEventData = NULL;
    g_sig_msg.eventId = OtaAgentEventStart;
    ( void ) agent( call_signal_start );

    while( guard++ < 100000U )
    {
        if( g_q_len > 0U )
        {
            ( void ) dispatch_one();
        }
        else if( g_job_requested )
        {
            OtaEventData_t * d = pool_get();
            int n = make_job_document( g_jobdoc, sizeof( g_jobdoc ) );

            g_job_requested = false;

            if( ( d == NULL ) || ( n <= 0 ) || ( ( size_t ) n > sizeof( d->data ) ) )
            {
                fprintf( stderr, "cannot deliver the job document\n" );
                return 1;
            }

            memcpy( d->data, g_jobdoc, ( size_t ) n );
            d->dataLength = ( uint32_t ) n;
            g_sig_msg.pEventData = d;
            g_sig_msg.eventId = OtaAgentEventReceivedJobDocument;
            ( void ) agent( call_signal_job );
        }
        else if( ( g_stream_requests_pending > 0U ) && ( g_next_block < NUM_BLOCKS ) )
        {
            uint32_t k;

            g_stream_requests_pending--;

            for( k = 0; ( k < otaconfigMAX_NUM_BLOCKS_REQUEST ) && ( g_next_block < NUM_BLOCKS ); k++ )
            {
                OtaEventData_t * d = pool_get();

                if( d == NULL )
                {
                    break;
                }

                d->dataLength = ( uint32_t ) make_block( d->data, g_next_block++ );
                g_sig_msg.pEventData = d;
                g_sig_msg.eventId = OtaAgentEventReceivedFileBlock;
                ( void ) agent( call_signal_block );
            }
        }
        else
        {
            break;
        }
    }

    return 0;
}

static int check_result( void )
{
    int ok = 1;

    if( !g_closed || ( g_activate_events != 1 ) || ( g_fail_events != 0 ) )
    {
        fprintf( stderr, "update did not complete: closed=%d activate=%d fail=%d state=%d\n",
                 ( int ) g_closed, g_activate_events, g_fail_events, ( int ) OTA_GetState() );
        ok = 0;
    }

    if( memcmp( g_flash, g_image, sizeof( g_image ) ) != 0 )
    {
        fprintf( stderr, "the image in flash differs from the one served\n" );
        ok = 0;
    }

    if( g_writes != NUM_BLOCKS )
    {
        fprintf( stderr, "writeBlock calls: %zu, blocks: %u\n", g_writes, ( unsigned ) NUM_BLOCKS );
        ok = 0;
    }

    return ok;
}

static void shutdown_agent( void )
{
    size_t guard = 0;

    ( void ) agent( call_shutdown );

    while( ( OTA_GetState() != OtaAgentStateStopped ) && ( guard++ < 100U ) && ( g_q_len > 0U ) )
    {
        ( void ) dispatch_one();
    }
}

/* ======================================================================== */
/* Floors: decode the block envelope and copy the payload, nothing else.     */

/* Minimal decoder of the service layout, with the checks a real decoder needs
 * (bounds, key names, the block's place in the file). */
NOINLINE int bench_floor_c_block( const uint8_t * m,
                                  size_t len )
{
    size_t i = 0;
    uint32_t v[ 4 ] = { 0 };
    const uint8_t * payload = NULL;
    uint32_t plen = 0;
    int k;

    if( ( len < 1U ) || ( m[ i++ ] != 0xA5U ) )
    {
        return -1;
    }

    if( ( i + 6U > len ) || ( m[ i ] != 0x61U ) || ( m[ i + 1U ] != 'c' ) || ( ( m[ i + 2U ] >> 5 ) != 3U ) )
    {
        return -1;
    }

    i += 3U + ( m[ i + 2U ] & 0x1fU );

    for( k = 0; k < 4; k++ )
    {
        static const char keys[ 4 ] = { 'f', 'i', 'l', 'p' };
        uint8_t ib;
        uint32_t x;

        if( ( i + 3U > len ) || ( m[ i ] != 0x61U ) || ( m[ i + 1U ] != ( uint8_t ) keys[ k ] ) )
        {
            return -1;
        }

        i += 2U;
        ib = m[ i++ ];

        if( ( ib >> 5 ) != ( ( k == 3 ) ? 2U : 0U ) )
        {
            return -1;
        }

        ib &= 0x1fU;

        if( ib < 24U )
        {
            x = ib;
        }
        else if( ( ib == 24U ) && ( i + 1U <= len ) )
        {
            x = m[ i ];
            i += 1U;
        }
        else if( ( ib == 25U ) && ( i + 2U <= len ) )
        {
            x = ( ( uint32_t ) m[ i ] << 8 ) | m[ i + 1U ];
            i += 2U;
        }
        else if( ( ib == 26U ) && ( i + 4U <= len ) )
        {
            x = ( ( uint32_t ) m[ i ] << 24 ) | ( ( uint32_t ) m[ i + 1U ] << 16 ) |
                ( ( uint32_t ) m[ i + 2U ] << 8 ) | m[ i + 3U ];
            i += 4U;
        }
        else
        {
            return -1;
        }

        v[ k ] = x;
    }

    plen = v[ 3 ];

    if( ( plen > len - i ) || ( plen != v[ 2 ] ) || ( v[ 1 ] >= NUM_BLOCKS ) ||
        ( plen > BENCH_FILE_SIZE - v[ 1 ] * BLOCK_SIZE ) )
    {
        return -1;
    }

    payload = &m[ i ];
    memcpy( &g_flash[ v[ 1 ] * BLOCK_SIZE ], payload, plen );
    return ( int ) v[ 1 ];
}

NOINLINE void bench_floor_memcpy( const uint8_t * m,
                                  uint32_t index )
{
    memcpy( &g_flash[ index * BLOCK_SIZE ], m, BLOCK_SIZE );
}

static int run_floor( void )
{
    static OtaEventData_t d;
    uint32_t b;
    int bad = 0;

    make_image();

    for( b = 0; b < NUM_BLOCKS; b++ )
    {
        d.dataLength = ( uint32_t ) make_block( d.data, b );

        if( bench_floor_c_block( d.data, d.dataLength ) != ( int ) b )
        {
            bad++;
        }
    }

    for( b = 0; b < NUM_BLOCKS; b++ )
    {
        bench_floor_memcpy( &g_image[ ( b * BLOCK_SIZE ) % ( BENCH_FILE_SIZE - BLOCK_SIZE + 1U ) ], b % NUM_BLOCKS );
    }

    printf( "floor_blocks=%u\nfloor_bad=%d\n", ( unsigned ) NUM_BLOCKS, bad );
    return ( bad == 0 ) ? 0 : 1;
}

/* ======================================================================== */

static void print_common( void )
{
    size_t i;

    printf( "block_size=%u\n", ( unsigned ) BLOCK_SIZE );
    printf( "file_size=%u\n", ( unsigned ) BENCH_FILE_SIZE );
    printf( "blocks=%u\n", ( unsigned ) NUM_BLOCKS );
    printf( "blocks_per_request=%u\n", ( unsigned ) otaconfigMAX_NUM_BLOCKS_REQUEST );
    printf( "stream_requests=%zu\n", g_stream_requests );
    printf( "status_updates=%zu\n", g_status_updates );
    printf( "publishes=%zu\n", g_publishes );
    printf( "queue_overflows=%zu\n", g_q_overflows );
    printf( "pool_exhausted=%zu\n", g_pool_exhausted );
    printf( "events=" );

    for( i = 0; i < 14U; i++ )
    {
        printf( "%s%zu", ( i == 0U ) ? "" : ",", g_events[ i ] );
    }

    printf( "\n" );
}

int main( int argc,
          char ** argv )
{
    const char * mode = ( argc > 1 ) ? argv[ 1 ] : "heap";
    int ok;

    if( strcmp( mode, "floor" ) == 0 )
    {
        return run_floor();
    }

    if( strcmp( mode, "heap" ) == 0 )
    {
        size_t base;

        coroutine_setup();
        ( void ) agent( bench_empty );
        base = stack_used();

        g_libc_allocs = 0;

        if( run_update() != 0 )
        {
            return 1;
        }

        {
            size_t used = stack_used();
            size_t peak = g_heap_peak;
            size_t allocs = g_heap_allocs;
            size_t live_peak = g_heap_live_peak;
            size_t libc = g_libc_allocs;
            size_t outstanding;
            size_t i;

            ok = check_result();
            shutdown_agent();
            outstanding = g_heap_now;
            print_common();
            printf( "heap_peak_bytes=%zu\n", peak );
            printf( "heap_allocs=%zu\n", allocs );
            printf( "heap_frees=%zu\n", g_heap_frees );
            printf( "heap_live_peak=%zu\n", live_peak );
            printf( "heap_outstanding_after_shutdown=%zu\n", outstanding );
            printf( "heap_sizes=" );

            for( i = 0; i < g_heap_nsizes; i++ )
            {
                printf( "%s%zu", ( i == 0U ) ? "" : ",", g_heap_sizes[ i ] );
            }

            printf( "\n" );
            printf( "libc_allocs_by_library=%zu\n", libc );
            printf( "stack_bytes=%zu\n", ( used > base ) ? ( used - base ) : 0U );
            printf( "stack_baseline_bytes=%zu\n", base );
            printf( "update_ok=%d\n", ok );
        }

        return ok ? 0 : 1;
    }

    if( strcmp( mode, "cpu" ) == 0 )
    {
        if( run_update() != 0 )
        {
            return 1;
        }

        ok = check_result();
        shutdown_agent();
        print_common();
        printf( "update_ok=%d\n", ok );
        return ok ? 0 : 1;
    }

    fprintf( stderr, "usage: %s heap|cpu|floor\n", argv[ 0 ] );
    return 2;
}
