/*
 * SPDX-License-Identifier: MIT
 *
 * Fakes for the C ABI behaviour tests: see fakes.h.
 */

#define _XOPEN_SOURCE 700

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "fakes.h"

/* ======================================================================== */
/* Shared state and checks.                                                 */

int abi_failures = 0;

static pthread_mutex_t g_lock;
static const char * g_scenario = "?";
static int g_allowed_pool_leak = 0;

#define LOCK()      ( void ) pthread_mutex_lock( &g_lock )
#define UNLOCK()    ( void ) pthread_mutex_unlock( &g_lock )

void abi_fail( const char * file,
               int line,
               const char * fmt,
               ... )
{
    va_list ap;

    LOCK();
    abi_failures++;
    ( void ) fprintf( stdout, "FAIL %s:%d: ", file, line );
    va_start( ap, fmt );
    ( void ) vfprintf( stdout, fmt, ap );
    va_end( ap );
    ( void ) fputc( '\n', stdout );
    ( void ) fflush( stdout );
    UNLOCK();
}

void abi_note( const char * fmt,
               ... )
{
    va_list ap;

    ( void ) fputs( "NOTE: ", stdout );
    va_start( ap, fmt );
    ( void ) vfprintf( stdout, fmt, ap );
    va_end( ap );
    ( void ) fputc( '\n', stdout );
}

/* Violations found inside callbacks from the agent: reported at once, counted too. */
#define VIOLATION( ... )    abi_fail( __FILE__, __LINE__, __VA_ARGS__ )

static void on_watchdog( int sig )
{
    static const char msg[] = "FAIL watchdog: scenario did not finish in time (hang?)\n";

    ( void ) sig;
    ( void ) write( 1, msg, sizeof( msg ) - 1U );
    _exit( 3 );
}

const char * fake_hex( const uint8_t * p,
                       size_t n )
{
    static char buf[ 8 ][ 1024 ];
    static unsigned slot = 0;
    char * out = buf[ ( slot++ ) % 8U ];
    size_t i;
    size_t max = ( sizeof( buf[ 0 ] ) - 4U ) / 2U;

    out[ 0 ] = '\0';

    for( i = 0; ( i < n ) && ( i < max ); i++ )
    {
        ( void ) snprintf( &out[ 2U * i ], 3, "%02x", p[ i ] );
    }

    if( n > max )
    {
        ( void ) strcat( out, ".." );
    }

    return out;
}

/* ======================================================================== */
/* OS: event queue.                                                         */

#define QUEUE_CAP    128U

static pthread_mutex_t q_mutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t q_cond = PTHREAD_COND_INITIALIZER;
static OtaEventMsg_t q_buf[ QUEUE_CAP ];
static size_t q_head = 0;
static size_t q_len = 0;
static int q_init_calls = 0;
static int q_deinit_calls = 0;

#define EVLOG_CAP    4096U
static int ev_log[ EVLOG_CAP ];
static size_t ev_log_n = 0;

static OtaOsStatus_t fake_event_init( OtaEventContext_t * pEventCtx )
{
    ( void ) pEventCtx;
    ( void ) pthread_mutex_lock( &q_mutex );
    q_init_calls++;
    ( void ) pthread_mutex_unlock( &q_mutex );
    return OtaOsSuccess;
}

static OtaOsStatus_t fake_event_send( OtaEventContext_t * pEventCtx,
                                      const void * pEventMsg,
                                      unsigned int timeout )
{
    OtaOsStatus_t status = OtaOsSuccess;

    ( void ) pEventCtx;
    ( void ) timeout;

    if( pEventMsg == NULL )
    {
        VIOLATION( "os.event.send called with a NULL message" );
        return OtaOsEventQueueSendFailed;
    }

    ( void ) pthread_mutex_lock( &q_mutex );

    if( q_len >= QUEUE_CAP )
    {
        status = OtaOsEventQueueSendFailed;
    }
    else
    {
        ( void ) memcpy( &q_buf[ ( q_head + q_len ) % QUEUE_CAP ], pEventMsg, sizeof( OtaEventMsg_t ) );
        q_len++;
        ( void ) pthread_cond_broadcast( &q_cond );
    }

    ( void ) pthread_mutex_unlock( &q_mutex );

    return status;
}

static OtaOsStatus_t fake_event_recv( OtaEventContext_t * pEventCtx,
                                      void * pEventMsg,
                                      uint32_t timeout )
{
    OtaOsStatus_t status = OtaOsSuccess;

    ( void ) pEventCtx;

    if( pEventMsg == NULL )
    {
        VIOLATION( "os.event.recv called with a NULL message buffer" );
        return OtaOsEventQueueReceiveFailed;
    }

    ( void ) pthread_mutex_lock( &q_mutex );

    if( ( q_len == 0U ) && ( timeout > 0U ) )
    {
        struct timespec deadline;

        ( void ) clock_gettime( CLOCK_REALTIME, &deadline );
        deadline.tv_sec += ( time_t ) ( timeout / 1000U );
        deadline.tv_nsec += ( long ) ( timeout % 1000U ) * 1000000L;

        if( deadline.tv_nsec >= 1000000000L )
        {
            deadline.tv_sec += 1;
            deadline.tv_nsec -= 1000000000L;
        }

        while( q_len == 0U )
        {
            if( pthread_cond_timedwait( &q_cond, &q_mutex, &deadline ) == ETIMEDOUT )
            {
                break;
            }
        }
    }

    if( q_len == 0U )
    {
        status = OtaOsEventQueueReceiveFailed;
    }
    else
    {
        ( void ) memcpy( pEventMsg, &q_buf[ q_head ], sizeof( OtaEventMsg_t ) );
        ev_log[ ev_log_n % EVLOG_CAP ] = ( int ) q_buf[ q_head ].eventId;
        ev_log_n++;
        q_head = ( q_head + 1U ) % QUEUE_CAP;
        q_len--;
    }

    ( void ) pthread_mutex_unlock( &q_mutex );

    return status;
}

static OtaOsStatus_t fake_event_deinit( OtaEventContext_t * pEventCtx )
{
    ( void ) pEventCtx;
    ( void ) pthread_mutex_lock( &q_mutex );
    q_deinit_calls++;
    ( void ) pthread_mutex_unlock( &q_mutex );
    return OtaOsSuccess;
}

size_t fake_queue_len( void )
{
    size_t n;

    ( void ) pthread_mutex_lock( &q_mutex );
    n = q_len;
    ( void ) pthread_mutex_unlock( &q_mutex );
    return n;
}

int fake_event_init_calls( void )
{
    return q_init_calls;
}

static const char * event_name( int id )
{
    static const char * const names[] =
    {
        "Start",          "StartSelfTest", "RequestJobDocument", "ReceivedJobDocument",
        "CreateFile",     "RequestFileBlock", "ReceivedFileBlock", "RequestTimer",
        "CloseFile",      "Suspend",       "Resume",             "UserAbort",
        "Shutdown"
    };

    if( ( id >= 0 ) && ( id < ( int ) ( sizeof( names ) / sizeof( names[ 0 ] ) ) ) )
    {
        return names[ id ];
    }

    return "?";
}

void fake_dump_events( void )
{
    size_t i;
    size_t start = ( ev_log_n > EVLOG_CAP ) ? ( ev_log_n - EVLOG_CAP ) : 0U;

    ( void ) printf( "  events received by the agent (%zu):", ev_log_n );

    for( i = start; i < ev_log_n; i++ )
    {
        ( void ) printf( "%s%s", ( ( i - start ) % 8U == 0U ) ? "\n    " : " ", event_name( ev_log[ i % EVLOG_CAP ] ) );
    }

    ( void ) printf( "\n" );
}

/* ======================================================================== */
/* OS: timers (recorded, fired by the test).                                */

typedef struct
{
    bool armed;
    int starts;
    int stops;
    int deletes;
    uint32_t timeout;
    char name[ 48 ];
    OtaTimerCallback_t callback;
} FakeTimer_t;

static FakeTimer_t g_timers[ OtaNumOfTimers ];

static OtaOsStatus_t fake_timer_start( OtaTimerId_t otaTimerId,
                                       const char * const pTimerName,
                                       const uint32_t timeout,
                                       OtaTimerCallback_t callback )
{
    if( ( int ) otaTimerId < 0 || ( int ) otaTimerId >= ( int ) OtaNumOfTimers )
    {
        VIOLATION( "timer.start with invalid timer id %d", ( int ) otaTimerId );
        return OtaOsTimerStartFailed;
    }

    if( callback == NULL )
    {
        VIOLATION( "timer.start(%d) with a NULL callback", ( int ) otaTimerId );
    }

    LOCK();
    g_timers[ otaTimerId ].armed = true;
    g_timers[ otaTimerId ].starts++;
    g_timers[ otaTimerId ].timeout = timeout;
    g_timers[ otaTimerId ].callback = callback;
    ( void ) snprintf( g_timers[ otaTimerId ].name, sizeof( g_timers[ otaTimerId ].name ), "%s",
                       ( pTimerName != NULL ) ? pTimerName : "(null)" );
    UNLOCK();

    return OtaOsSuccess;
}

static OtaOsStatus_t fake_timer_stop( OtaTimerId_t otaTimerId )
{
    if( ( int ) otaTimerId < 0 || ( int ) otaTimerId >= ( int ) OtaNumOfTimers )
    {
        VIOLATION( "timer.stop with invalid timer id %d", ( int ) otaTimerId );
        return OtaOsTimerStopFailed;
    }

    LOCK();
    g_timers[ otaTimerId ].armed = false;
    g_timers[ otaTimerId ].stops++;
    UNLOCK();
    return OtaOsSuccess;
}

static OtaOsStatus_t fake_timer_delete( OtaTimerId_t otaTimerId )
{
    if( ( int ) otaTimerId < 0 || ( int ) otaTimerId >= ( int ) OtaNumOfTimers )
    {
        VIOLATION( "timer.delete with invalid timer id %d", ( int ) otaTimerId );
        return OtaOsTimerDeleteFailed;
    }

    LOCK();
    g_timers[ otaTimerId ].armed = false;
    g_timers[ otaTimerId ].deletes++;
    UNLOCK();
    return OtaOsSuccess;
}

bool fake_timer_armed( OtaTimerId_t id )
{
    bool armed;

    LOCK();
    armed = g_timers[ id ].armed;
    UNLOCK();
    return armed;
}

bool fake_fire_timer( OtaTimerId_t id )
{
    OtaTimerCallback_t cb;

    LOCK();

    if( !g_timers[ id ].armed || ( g_timers[ id ].callback == NULL ) )
    {
        UNLOCK();
        return false;
    }

    g_timers[ id ].armed = false; /* one-shot */
    cb = g_timers[ id ].callback;
    UNLOCK();

    cb( id );
    return true;
}

int fake_timer_starts( OtaTimerId_t id )
{
    return g_timers[ id ].starts;
}

int fake_timer_stops( OtaTimerId_t id )
{
    return g_timers[ id ].stops;
}

int fake_timer_deletes( OtaTimerId_t id )
{
    return g_timers[ id ].deletes;
}

uint32_t fake_timer_timeout( OtaTimerId_t id )
{
    return g_timers[ id ].timeout;
}

const char * fake_timer_name( OtaTimerId_t id )
{
    return g_timers[ id ].name;
}

/* ======================================================================== */
/* OS: heap wrappers.                                                       */

#define HEAP_SLOTS    1024U

typedef struct
{
    void * p;
    size_t n;
} HeapSlot_t;

static HeapSlot_t g_heap[ HEAP_SLOTS ];
static size_t g_heap_outstanding = 0;
static size_t g_heap_calls = 0;
static size_t g_heap_bytes = 0;
static size_t g_heap_peak = 0;

static void * fake_malloc( size_t size )
{
    void * p = NULL;
    size_t i;

    LOCK();

    for( i = 0; i < HEAP_SLOTS; i++ )
    {
        if( g_heap[ i ].p == NULL )
        {
            break;
        }
    }

    if( i < HEAP_SLOTS )
    {
        p = malloc( ( size > 0U ) ? size : 1U );

        if( p != NULL )
        {
            /* Poison so that use of uninitialised memory is visible. */
            ( void ) memset( p, 0xCD, ( size > 0U ) ? size : 1U );
            g_heap[ i ].p = p;
            g_heap[ i ].n = size;
            g_heap_outstanding++;
            g_heap_calls++;
            g_heap_bytes += size;

            if( g_heap_bytes > g_heap_peak )
            {
                g_heap_peak = g_heap_bytes;
            }
        }
    }

    UNLOCK();

    return p;
}

static void fake_free( void * ptr )
{
    size_t i;
    bool found = false;

    if( ptr == NULL )
    {
        return;
    }

    LOCK();

    for( i = 0; i < HEAP_SLOTS; i++ )
    {
        if( g_heap[ i ].p == ptr )
        {
            g_heap_bytes -= g_heap[ i ].n;
            g_heap[ i ].p = NULL;
            g_heap[ i ].n = 0;
            g_heap_outstanding--;
            found = true;
            break;
        }
    }

    UNLOCK();

    if( found )
    {
        free( ptr );
    }
    else
    {
        VIOLATION( "os.mem.free(%p): pointer not allocated by os.mem.malloc (or freed twice)", ptr );
    }
}

size_t fake_heap_outstanding( void )
{
    return g_heap_outstanding;
}

size_t fake_heap_alloc_calls( void )
{
    return g_heap_calls;
}

size_t fake_heap_peak_bytes( void )
{
    return g_heap_peak;
}

/* ======================================================================== */
/* Application event buffer pool.                                           */

/* 8-aligned, as an application's event buffers usually are. */
static OtaEventData_t g_pool[ ABI_POOL_SIZE ] __attribute__( ( aligned( 8 ) ) );

/* Offset of p within the data[] of one of the pool's buffers, or -1. */
static long pool_data_offset( const void * p )
{
    uintptr_t a = ( uintptr_t ) p;
    size_t i;

    for( i = 0; i < ABI_POOL_SIZE; i++ )
    {
        uintptr_t base = ( uintptr_t ) g_pool[ i ].data;

        if( ( a >= base ) && ( a < base + sizeof( g_pool[ i ].data ) ) )
        {
            return ( long ) ( a - base );
        }
    }

    return -1;
}

static OtaEventData_t * pool_get( void )
{
    OtaEventData_t * p = NULL;
    size_t i;

    LOCK();

    for( i = 0; i < ABI_POOL_SIZE; i++ )
    {
        if( !g_pool[ i ].bufferUsed )
        {
            g_pool[ i ].bufferUsed = true;
            p = &g_pool[ i ];
            break;
        }
    }

    UNLOCK();

    if( p == NULL )
    {
        VIOLATION( "application event buffer pool exhausted (%u buffers all with the agent)", ( unsigned ) ABI_POOL_SIZE );
    }
    else
    {
        /* Junk after the message: the agent must honour dataLength. */
        ( void ) memset( p->data, 0xA5, sizeof( p->data ) );
    }

    return p;
}

static void pool_release( void * pData,
                          const char * how )
{
    size_t i;
    bool found = false;

    LOCK();

    for( i = 0; i < ABI_POOL_SIZE; i++ )
    {
        if( pData == ( void * ) &g_pool[ i ] )
        {
            found = true;

            if( !g_pool[ i ].bufferUsed )
            {
                UNLOCK();
                VIOLATION( "%s: buffer %p (pool slot %zu) returned twice", how, pData, i );
                return;
            }

            g_pool[ i ].bufferUsed = false;
            break;
        }
    }

    UNLOCK();

    if( !found )
    {
        VIOLATION( "%s: pointer %p is not an application event buffer", how, pData );
    }
}

int fake_pool_outstanding( void )
{
    int n = 0;
    size_t i;

    LOCK();

    for( i = 0; i < ABI_POOL_SIZE; i++ )
    {
        if( g_pool[ i ].bufferUsed )
        {
            n++;
        }
    }

    UNLOCK();
    return n;
}

void fake_allow_pool_leak( int count )
{
    g_allowed_pool_leak = count;
}

/* ======================================================================== */
/* Signalling helpers.                                                      */

bool fake_signal_event( OtaEvent_t event )
{
    OtaEventMsg_t msg;

    ( void ) memset( &msg, 0, sizeof( msg ) );
    msg.eventId = event;
    msg.pEventData = NULL;
    return OTA_SignalEvent( &msg );
}

static bool deliver( OtaEvent_t event,
                     const void * bytes,
                     size_t len )
{
    OtaEventData_t * d;
    OtaEventMsg_t msg;
    bool ok;

    if( len > sizeof( d->data ) )
    {
        VIOLATION( "test bug: message of %zu bytes does not fit OtaEventData_t.data (%zu)", len, sizeof( d->data ) );
        return false;
    }

    d = pool_get();

    if( d == NULL )
    {
        return false;
    }

    if( len > 0U )
    {
        ( void ) memcpy( d->data, bytes, len );
    }

    d->dataLength = ( uint32_t ) len;

    ( void ) memset( &msg, 0, sizeof( msg ) );
    msg.eventId = event;
    msg.pEventData = d;
    ok = OTA_SignalEvent( &msg );

    if( !ok )
    {
        pool_release( d, "signal failed" );
    }

    return ok;
}

bool fake_signal_job_raw( const char * doc,
                          size_t len )
{
    return deliver( OtaAgentEventReceivedJobDocument, doc, len );
}

bool fake_signal_block_raw( const uint8_t * data,
                            size_t len )
{
    return deliver( OtaAgentEventReceivedFileBlock, data, len );
}

/* ======================================================================== */
/* Minimal CBOR writer and reader.                                          */

void cbw_init( CborWriter_t * w,
               uint8_t * buf,
               size_t cap )
{
    w->buf = buf;
    w->cap = cap;
    w->len = 0;
    w->overflow = false;
}

static void cbw_byte( CborWriter_t * w,
                      uint8_t b )
{
    if( w->len < w->cap )
    {
        w->buf[ w->len++ ] = b;
    }
    else
    {
        w->overflow = true;
    }
}

static void cbw_head( CborWriter_t * w,
                      uint8_t major,
                      uint64_t v )
{
    uint8_t m = ( uint8_t ) ( major << 5 );
    int i;

    if( v < 24U )
    {
        cbw_byte( w, ( uint8_t ) ( m | ( uint8_t ) v ) );
    }
    else if( v <= 0xffU )
    {
        cbw_byte( w, ( uint8_t ) ( m | 24U ) );
        cbw_byte( w, ( uint8_t ) v );
    }
    else if( v <= 0xffffU )
    {
        cbw_byte( w, ( uint8_t ) ( m | 25U ) );

        for( i = 1; i >= 0; i-- )
        {
            cbw_byte( w, ( uint8_t ) ( v >> ( 8 * i ) ) );
        }
    }
    else if( v <= 0xffffffffU )
    {
        cbw_byte( w, ( uint8_t ) ( m | 26U ) );

        for( i = 3; i >= 0; i-- )
        {
            cbw_byte( w, ( uint8_t ) ( v >> ( 8 * i ) ) );
        }
    }
    else
    {
        cbw_byte( w, ( uint8_t ) ( m | 27U ) );

        for( i = 7; i >= 0; i-- )
        {
            cbw_byte( w, ( uint8_t ) ( v >> ( 8 * i ) ) );
        }
    }
}

void cbw_map( CborWriter_t * w,
              uint64_t pairs )
{
    cbw_head( w, 5U, pairs );
}

void cbw_uint( CborWriter_t * w,
               uint64_t v )
{
    cbw_head( w, 0U, v );
}

void cbw_int( CborWriter_t * w,
              int64_t v )
{
    if( v >= 0 )
    {
        cbw_head( w, 0U, ( uint64_t ) v );
    }
    else
    {
        cbw_head( w, 1U, ( uint64_t ) ( -( v + 1 ) ) );
    }
}

void cbw_text( CborWriter_t * w,
               const char * s )
{
    size_t n = strlen( s );
    size_t i;

    cbw_head( w, 3U, n );

    for( i = 0; i < n; i++ )
    {
        cbw_byte( w, ( uint8_t ) s[ i ] );
    }
}

void cbw_bytes( CborWriter_t * w,
                const uint8_t * p,
                size_t n )
{
    size_t i;

    cbw_head( w, 2U, n );

    for( i = 0; i < n; i++ )
    {
        cbw_byte( w, p[ i ] );
    }
}

size_t fake_cbor_block( uint8_t * out,
                        size_t cap,
                        int64_t fileId,
                        int64_t blockId,
                        int64_t blockSize,
                        const uint8_t * payload,
                        size_t payloadLen )
{
    CborWriter_t w;

    cbw_init( &w, out, cap );
    cbw_map( &w, 5U );
    cbw_text( &w, "c" );
    cbw_text( &w, "rdy" );
    cbw_text( &w, "f" );
    cbw_int( &w, fileId );
    cbw_text( &w, "l" );
    cbw_int( &w, blockSize );
    cbw_text( &w, "i" );
    cbw_int( &w, blockId );
    cbw_text( &w, "p" );
    cbw_bytes( &w, payload, payloadLen );

    return w.overflow ? 0U : w.len;
}

typedef struct
{
    const uint8_t * p;
    size_t len;
    size_t pos;
} CborReader_t;

/* Reads one item head; definite lengths only. */
static bool cbr_head( CborReader_t * r,
                      uint8_t * major,
                      uint64_t * val )
{
    uint8_t b;
    uint8_t ai;
    int n = 0;
    int i;

    if( r->pos >= r->len )
    {
        return false;
    }

    b = r->p[ r->pos++ ];
    *major = ( uint8_t ) ( b >> 5 );
    ai = ( uint8_t ) ( b & 0x1fU );

    if( ai < 24U )
    {
        *val = ai;
        return true;
    }

    switch( ai )
    {
        case 24U: n = 1; break;
        case 25U: n = 2; break;
        case 26U: n = 4; break;
        case 27U: n = 8; break;
        default: return false;
    }

    if( r->pos + ( size_t ) n > r->len )
    {
        return false;
    }

    *val = 0;

    for( i = 0; i < n; i++ )
    {
        *val = ( *val << 8 ) | r->p[ r->pos++ ];
    }

    return true;
}

static bool cbr_int( CborReader_t * r,
                     int64_t * out )
{
    uint8_t major;
    uint64_t v;

    if( !cbr_head( r, &major, &v ) )
    {
        return false;
    }

    if( ( major == 0U ) && ( v <= ( uint64_t ) INT64_MAX ) )
    {
        *out = ( int64_t ) v;
        return true;
    }

    if( ( major == 1U ) && ( v <= ( uint64_t ) INT64_MAX ) )
    {
        *out = -1 - ( int64_t ) v;
        return true;
    }

    return false;
}

static bool cbr_string( CborReader_t * r,
                        uint8_t wantMajor,
                        const uint8_t ** p,
                        size_t * n )
{
    uint8_t major;
    uint64_t v;

    if( !cbr_head( r, &major, &v ) || ( major != wantMajor ) || ( v > ( uint64_t ) ( r->len - r->pos ) ) )
    {
        return false;
    }

    *p = &r->p[ r->pos ];
    *n = ( size_t ) v;
    r->pos += ( size_t ) v;
    return true;
}

static void decode_stream_request( const uint8_t * msg,
                                   size_t len,
                                   StreamReq_t * req )
{
    CborReader_t r;
    uint8_t major;
    uint64_t pairs;
    uint64_t k;
    unsigned seen = 0;

    r.p = msg;
    r.len = len;
    r.pos = 0;
    req->valid = false;

    if( !cbr_head( &r, &major, &pairs ) || ( major != 5U ) || ( pairs > 12U ) )
    {
        return;
    }

    for( k = 0; k < pairs; k++ )
    {
        const uint8_t * key;
        size_t keyLen;
        const uint8_t * s;
        size_t sLen;
        size_t ko = strlen( req->keyOrder );

        if( !cbr_string( &r, 3U, &key, &keyLen ) || ( keyLen != 1U ) )
        {
            return;
        }

        if( ko + 1U < sizeof( req->keyOrder ) )
        {
            req->keyOrder[ ko ] = ( char ) key[ 0 ];
            req->keyOrder[ ko + 1U ] = '\0';
        }

        switch( key[ 0 ] )
        {
            case 'c':

                if( !cbr_string( &r, 3U, &s, &sLen ) || ( sLen >= sizeof( req->clientToken ) ) )
                {
                    return;
                }

                ( void ) memcpy( req->clientToken, s, sLen );
                req->clientToken[ sLen ] = '\0';
                seen |= 1U;
                break;

            case 'f':

                if( !cbr_int( &r, &req->fileId ) )
                {
                    return;
                }

                seen |= 2U;
                break;

            case 'l':

                if( !cbr_int( &r, &req->blockSize ) )
                {
                    return;
                }

                seen |= 4U;
                break;

            case 'o':

                if( !cbr_int( &r, &req->blockOffset ) )
                {
                    return;
                }

                seen |= 8U;
                break;

            case 'b':

                if( !cbr_string( &r, 2U, &s, &sLen ) || ( sLen > sizeof( req->bitmap ) ) )
                {
                    return;
                }

                ( void ) memcpy( req->bitmap, s, sLen );
                req->bitmapLen = sLen;
                seen |= 16U;
                break;

            case 'n':

                if( !cbr_int( &r, &req->numBlocks ) )
                {
                    return;
                }

                seen |= 32U;
                break;

            default:
                return;
        }
    }

    req->valid = ( seen == 63U ) && ( r.pos == len );
}

/* ======================================================================== */
/* Scripted cloud.                                                          */

FakeCloudConfig_t fake_cloud;

#define MAX_IMAGES    8U

typedef struct
{
    char name[ 256 ]; /* stream name or URL */
    bool isUrl;
    uint32_t fileId;
    uint8_t * data;
    uint32_t size;
} CloudImage_t;

static CloudImage_t g_images[ MAX_IMAGES ];
static size_t g_image_n = 0;
static char * g_next_job = NULL;
static char g_http_url[ 2048 ];
static unsigned g_block_sends[ 2048 ];

#define STREAM_REQ_CAP    512U
static StreamReq_t g_stream_reqs[ STREAM_REQ_CAP ];
static size_t g_stream_req_n = 0;

void fake_cloud_set_next_job( const char * executionJson )
{
    LOCK();
    free( g_next_job );
    g_next_job = NULL;

    if( executionJson != NULL )
    {
        g_next_job = strdup( executionJson );
    }

    UNLOCK();
}

static void add_image( const char * name,
                       bool isUrl,
                       uint32_t fileId,
                       const uint8_t * data,
                       uint32_t size )
{
    CloudImage_t * img;

    if( g_image_n >= MAX_IMAGES )
    {
        VIOLATION( "test bug: too many cloud images" );
        return;
    }

    img = &g_images[ g_image_n++ ];
    ( void ) snprintf( img->name, sizeof( img->name ), "%s", name );
    img->isUrl = isUrl;
    img->fileId = fileId;
    img->data = malloc( ( size > 0U ) ? size : 1U );

    if( img->data != NULL )
    {
        ( void ) memcpy( img->data, data, size );
    }

    img->size = size;
}

void fake_cloud_add_stream( const char * name,
                            uint32_t fileId,
                            const uint8_t * data,
                            uint32_t size )
{
    add_image( name, false, fileId, data, size );
}

void fake_cloud_add_url( const char * url,
                         const uint8_t * data,
                         uint32_t size )
{
    add_image( url, true, 0U, data, size );
}

static const CloudImage_t * find_image( const char * name,
                                        bool isUrl )
{
    size_t i;

    for( i = 0; i < g_image_n; i++ )
    {
        if( ( g_images[ i ].isUrl == isUrl ) && ( strcmp( g_images[ i ].name, name ) == 0 ) )
        {
            return &g_images[ i ];
        }
    }

    return NULL;
}

unsigned fake_cloud_block_sends( uint32_t index )
{
    return ( index < 2048U ) ? g_block_sends[ index ] : 0U;
}

bool fake_cloud_notify_next( const char * executionJson )
{
    char * doc;
    size_t cap = 64U + ( ( executionJson != NULL ) ? strlen( executionJson ) : 0U );
    bool ok;
    int n;

    doc = malloc( cap );

    if( doc == NULL )
    {
        return false;
    }

    if( executionJson != NULL )
    {
        n = snprintf( doc, cap, "{\"timestamp\":1700000100,\"execution\":%s}", executionJson );
    }
    else
    {
        n = snprintf( doc, cap, "{\"timestamp\":1700000100}" );
    }

    ok = fake_signal_job_raw( doc, ( size_t ) n );
    free( doc );
    return ok;
}

/* Answer to $next/get, as the Jobs service sends it on .../$next/get/accepted. */
static void cloud_answer_next_get( const uint8_t * payload,
                                   size_t len )
{
    char token[ 200 ] = "";
    const char * key = "\"clientToken\":\"";
    char * copy = malloc( len + 1U );
    char * p;
    char * doc;
    size_t cap;
    int n;

    if( copy == NULL )
    {
        return;
    }

    ( void ) memcpy( copy, payload, len );
    copy[ len ] = '\0';
    p = strstr( copy, key );

    if( p != NULL )
    {
        char * q;

        p += strlen( key );
        q = strchr( p, '"' );

        if( ( q != NULL ) && ( ( size_t ) ( q - p ) < sizeof( token ) ) )
        {
            ( void ) memcpy( token, p, ( size_t ) ( q - p ) );
            token[ q - p ] = '\0';
        }
    }

    free( copy );

    LOCK();
    cap = 128U + strlen( token ) + ( ( g_next_job != NULL ) ? strlen( g_next_job ) : 0U );
    doc = malloc( cap );

    if( doc == NULL )
    {
        UNLOCK();
        return;
    }

    if( g_next_job != NULL )
    {
        n = snprintf( doc, cap, "{\"clientToken\":\"%s\",\"timestamp\":1700000000,\"execution\":%s}", token, g_next_job );
    }
    else
    {
        n = snprintf( doc, cap, "{\"clientToken\":\"%s\",\"timestamp\":1700000000}", token );
    }

    UNLOCK();

    ( void ) fake_signal_job_raw( doc, ( size_t ) n );
    free( doc );
}

static void send_block( const CloudImage_t * img,
                        uint32_t index )
{
    uint8_t msg[ ABI_BLOCK_SIZE + 64U ];
    uint32_t off = index * ABI_BLOCK_SIZE;
    uint32_t n = img->size - off;
    size_t len;

    if( n > ABI_BLOCK_SIZE )
    {
        n = ABI_BLOCK_SIZE;
    }

    len = fake_cbor_block( msg, sizeof( msg ), img->fileId, index, n, &img->data[ off ], n );

    if( index < 2048U )
    {
        g_block_sends[ index ]++;
    }

    ( void ) fake_signal_block_raw( msg, len );
}

static void cloud_answer_stream_request( const char * stream,
                                         const uint8_t * payload,
                                         size_t len,
                                         size_t mqIndex )
{
    StreamReq_t * req;
    const CloudImage_t * img;
    uint32_t numBlocks;
    uint32_t batch[ 64 ];
    size_t batchN = 0;
    int64_t i;
    size_t k;

    LOCK();

    if( g_stream_req_n >= STREAM_REQ_CAP )
    {
        UNLOCK();
        VIOLATION( "more than %u stream requests", ( unsigned ) STREAM_REQ_CAP );
        return;
    }

    req = &g_stream_reqs[ g_stream_req_n++ ];
    ( void ) memset( req, 0, sizeof( *req ) );
    req->mqIndex = mqIndex;
    ( void ) snprintf( req->stream, sizeof( req->stream ), "%s", stream );
    decode_stream_request( payload, len, req );
    UNLOCK();

    if( !req->valid )
    {
        VIOLATION( "GetStream request on stream '%s' is not a definite CBOR map with c,f,l,o,b,n: %s",
                   stream, fake_hex( payload, len ) );
        return;
    }

    if( fake_cloud.silentStream )
    {
        return;
    }

    img = find_image( stream, false );

    if( img == NULL )
    {
        VIOLATION( "GetStream request for unknown stream '%s'", stream );
        return;
    }

    if( ( req->fileId != ( int64_t ) img->fileId ) || ( req->blockSize != ( int64_t ) ABI_BLOCK_SIZE ) ||
        ( req->blockOffset < 0 ) || ( req->numBlocks <= 0 ) )
    {
        /* The real service answers such requests with an error on .../rejected; send nothing. */
        return;
    }

    numBlocks = ( img->size + ABI_BLOCK_SIZE - 1U ) / ABI_BLOCK_SIZE;

    /* First n blocks still needed: bitmap bit set, LSB first, relative to "o". */
    for( i = 0; ( i < ( int64_t ) req->bitmapLen * 8 ) && ( ( int64_t ) batchN < req->numBlocks ) && ( batchN < 64U ); i++ )
    {
        int64_t blk = req->blockOffset + i;

        if( ( req->bitmap[ i >> 3 ] & ( 1U << ( i & 7 ) ) ) == 0U )
        {
            continue;
        }

        if( blk >= ( int64_t ) numBlocks )
        {
            break;
        }

        batch[ batchN++ ] = ( uint32_t ) blk;
    }

    for( k = 0; k < batchN; k++ )
    {
        uint32_t blk = batch[ fake_cloud.reverseBatches ? ( batchN - 1U - k ) : k ];
        BlockAction_t action = BLOCK_DELIVER;

        if( fake_cloud.filter != NULL )
        {
            action = fake_cloud.filter( blk, fake_cloud_block_sends( blk ) );
        }

        if( action == BLOCK_DROP )
        {
            if( blk < 2048U )
            {
                g_block_sends[ blk ]++; /* counts as sent, lost on the way */
            }

            continue;
        }

        send_block( img, blk );

        if( action == BLOCK_DUPLICATE )
        {
            send_block( img, blk );
        }
    }
}

static void cloud_http_request( uint32_t start,
                                uint32_t end )
{
    const CloudImage_t * img;

    if( fake_cloud.silentHttp )
    {
        return;
    }

    img = find_image( g_http_url, true );

    if( img == NULL )
    {
        VIOLATION( "HTTP range request for unknown URL '%s'", g_http_url );
        return;
    }

    if( ( end < start ) || ( end >= img->size ) )
    {
        VIOLATION( "HTTP range bytes=%u-%u outside the %u-byte object", start, end, img->size );
        return;
    }

    if( ( end - start + 1U ) > ABI_BLOCK_SIZE )
    {
        VIOLATION( "HTTP range bytes=%u-%u is longer than one block", start, end );
        return;
    }

    if( ( start / ABI_BLOCK_SIZE ) < 2048U )
    {
        g_block_sends[ start / ABI_BLOCK_SIZE ]++;
    }

    ( void ) fake_signal_block_raw( &img->data[ start ], end - start + 1U );
}

/* ======================================================================== */
/* MQTT fake.                                                               */

#define MQ_CAP    4096U

static MqRec_t g_mq[ MQ_CAP ];
static size_t g_mq_n = 0;
static char g_fail_topic[ 128 ] = "";
static int g_fail_count = 0;

static size_t mq_record( MqOp_t op,
                         const char * topic,
                         uint16_t topicLen,
                         const void * payload,
                         size_t len,
                         uint8_t qos,
                         bool * pFail )
{
    MqRec_t * r;
    size_t index;
    size_t tl;

    LOCK();

    if( g_mq_n >= MQ_CAP )
    {
        UNLOCK();
        VIOLATION( "MQTT log full (%u operations): runaway publishing?", ( unsigned ) MQ_CAP );
        *pFail = false;
        return MQ_CAP;
    }

    index = g_mq_n++;
    r = &g_mq[ index ];
    ( void ) memset( r, 0, sizeof( *r ) );
    r->op = op;
    r->topicLen = topicLen;
    tl = ( topic != NULL ) ? topicLen : 0U;

    if( tl >= sizeof( r->topic ) )
    {
        tl = sizeof( r->topic ) - 1U;
    }

    if( tl > 0U )
    {
        ( void ) memcpy( r->topic, topic, tl );
    }

    r->topic[ tl ] = '\0';
    r->qos = qos;
    r->len = len;
    r->payload = malloc( len + 1U );

    if( r->payload != NULL )
    {
        if( len > 0U )
        {
            ( void ) memcpy( r->payload, payload, len );
        }

        r->payload[ len ] = 0;
    }

    *pFail = false;

    if( ( op == MQ_PUB ) && ( g_fail_count > 0 ) && ( strstr( r->topic, g_fail_topic ) != NULL ) )
    {
        g_fail_count--;
        r->failed = true;
        *pFail = true;
    }

    UNLOCK();

    return index;
}

static void check_topic_arg( const char * what,
                             const char * topic,
                             uint16_t len )
{
    if( topic == NULL )
    {
        VIOLATION( "mqtt.%s called with a NULL topic", what );
    }
    else if( ( len == 0U ) || ( memchr( topic, '\0', len ) != NULL ) )
    {
        VIOLATION( "mqtt.%s: topic length %u does not match the string \"%s\"", what, ( unsigned ) len, topic );
    }
}

static OtaMqttStatus_t fake_mqtt_subscribe( const char * pTopicFilter,
                                            uint16_t topicFilterLength,
                                            uint8_t ucQoS )
{
    bool fail;

    check_topic_arg( "subscribe", pTopicFilter, topicFilterLength );
    ( void ) mq_record( MQ_SUB, pTopicFilter, topicFilterLength, NULL, 0U, ucQoS, &fail );
    return OtaMqttSuccess;
}

static OtaMqttStatus_t fake_mqtt_unsubscribe( const char * pTopicFilter,
                                              uint16_t topicFilterLength,
                                              uint8_t ucQoS )
{
    bool fail;

    check_topic_arg( "unsubscribe", pTopicFilter, topicFilterLength );
    ( void ) mq_record( MQ_UNSUB, pTopicFilter, topicFilterLength, NULL, 0U, ucQoS, &fail );
    return OtaMqttSuccess;
}

static bool topic_parts( const char * topic,
                         const char * prefix,
                         const char * suffix,
                         char * middle,
                         size_t middleCap )
{
    size_t tl = strlen( topic );
    size_t pl = strlen( prefix );
    size_t sl = strlen( suffix );

    if( ( tl < pl + sl ) || ( strncmp( topic, prefix, pl ) != 0 ) || ( strcmp( topic + tl - sl, suffix ) != 0 ) )
    {
        return false;
    }

    if( tl - pl - sl >= middleCap )
    {
        return false;
    }

    ( void ) memcpy( middle, topic + pl, tl - pl - sl );
    middle[ tl - pl - sl ] = '\0';
    return true;
}

static OtaMqttStatus_t fake_mqtt_publish( const char * const pacTopic,
                                          uint16_t usTopicLen,
                                          const char * pcMsg,
                                          uint32_t ulMsgSize,
                                          uint8_t ucQoS )
{
    bool fail;
    size_t index;
    char stream[ 128 ];

    check_topic_arg( "publish", pacTopic, usTopicLen );

    if( ( pcMsg == NULL ) && ( ulMsgSize > 0U ) )
    {
        VIOLATION( "mqtt.publish with NULL message and size %u", ulMsgSize );
        return OtaMqttPublishFailed;
    }

    index = mq_record( MQ_PUB, pacTopic, usTopicLen, pcMsg, ulMsgSize, ucQoS, &fail );

    if( fail || ( index >= MQ_CAP ) )
    {
        return OtaMqttPublishFailed;
    }

    /* The cloud answers at once; OTA_SignalEvent only queues, so this is how
     * glue code behaves when the broker's answer arrives quickly. */
    if( strcmp( g_mq[ index ].topic, topic_next_get() ) == 0 )
    {
        if( fake_cloud.answerJobs )
        {
            cloud_answer_next_get( ( const uint8_t * ) pcMsg, ulMsgSize );
        }
    }
    else if( topic_parts( g_mq[ index ].topic, "$aws/things/" ABI_THING_NAME "/streams/", "/get/cbor", stream, sizeof( stream ) ) )
    {
        cloud_answer_stream_request( stream, ( const uint8_t * ) pcMsg, ulMsgSize, index );
    }

    return OtaMqttSuccess;
}

size_t fake_mqtt_count( void )
{
    return g_mq_n;
}

const MqRec_t * fake_mqtt_get( size_t index )
{
    return ( index < g_mq_n ) ? &g_mq[ index ] : NULL;
}

static bool printable( const MqRec_t * r )
{
    size_t i;

    for( i = 0; i < r->len; i++ )
    {
        if( ( r->payload[ i ] < 0x20U ) || ( r->payload[ i ] > 0x7eU ) )
        {
            return false;
        }
    }

    return true;
}

void fake_mqtt_dump( size_t from )
{
    size_t i;
    static const char * const ops[] = { "SUB  ", "UNSUB", "PUB  " };

    ( void ) printf( "  MQTT log from #%zu (%zu total):\n", from, g_mq_n );

    for( i = from; i < g_mq_n; i++ )
    {
        const MqRec_t * r = &g_mq[ i ];

        ( void ) printf( "    #%-3zu %s q%u %s%s", i, ops[ r->op ], r->qos, r->topic, r->failed ? " [failed]" : "" );

        if( r->op == MQ_PUB )
        {
            if( printable( r ) )
            {
                ( void ) printf( "  %s", ( const char * ) r->payload );
            }
            else
            {
                ( void ) printf( "  cbor:%s", fake_hex( r->payload, r->len ) );
            }
        }

        ( void ) printf( "\n" );
    }
}

void fake_mqtt_fail_publish( const char * topicPart,
                             int count )
{
    LOCK();
    ( void ) snprintf( g_fail_topic, sizeof( g_fail_topic ), "%s", topicPart );
    g_fail_count = count;
    UNLOCK();
}

static const char * topic_fmt( const char * fmt,
                               const char * arg )
{
    static char bufs[ 8 ][ 320 ];
    static unsigned slot = 0;
    char * b = bufs[ ( slot++ ) % 8U ];

    ( void ) snprintf( b, sizeof( bufs[ 0 ] ), fmt, arg );
    return b;
}

const char * topic_notify_next( void )
{
    return "$aws/things/" ABI_THING_NAME "/jobs/notify-next";
}

const char * topic_next_get( void )
{
    return "$aws/things/" ABI_THING_NAME "/jobs/$next/get";
}

const char * topic_update( const char * jobId )
{
    return topic_fmt( "$aws/things/" ABI_THING_NAME "/jobs/%s/update", jobId );
}

const char * topic_stream_data( const char * stream )
{
    return topic_fmt( "$aws/things/" ABI_THING_NAME "/streams/%s/data/cbor", stream );
}

const char * topic_stream_get( const char * stream )
{
    return topic_fmt( "$aws/things/" ABI_THING_NAME "/streams/%s/get/cbor", stream );
}

size_t fake_mqtt_count_op( size_t from,
                           MqOp_t op,
                           const char * topic )
{
    size_t i;
    size_t n = 0;

    for( i = from; i < g_mq_n; i++ )
    {
        if( ( g_mq[ i ].op == op ) && ( strcmp( g_mq[ i ].topic, topic ) == 0 ) )
        {
            n++;
        }
    }

    return n;
}

const char * fake_job_status( size_t from,
                              const char * jobId,
                              const char * prefix )
{
    size_t i;
    const char * t = topic_update( jobId );

    for( i = from; i < g_mq_n; i++ )
    {
        const MqRec_t * r = &g_mq[ i ];

        if( ( r->op == MQ_PUB ) && ( strcmp( r->topic, t ) == 0 ) &&
            ( strncmp( ( const char * ) r->payload, prefix, strlen( prefix ) ) == 0 ) )
        {
            return ( const char * ) r->payload;
        }
    }

    return "(none)";
}

long fake_mqtt_find( size_t from,
                     MqOp_t op,
                     const char * topic )
{
    size_t i;

    for( i = from; i < g_mq_n; i++ )
    {
        if( ( g_mq[ i ].op == op ) && ( strcmp( g_mq[ i ].topic, topic ) == 0 ) )
        {
            return ( long ) i;
        }
    }

    return -1;
}

size_t fake_mqtt_count_status( size_t from,
                               const char * jobId,
                               const char * prefix )
{
    size_t i;
    size_t n = 0;
    const char * t = topic_update( jobId );

    for( i = from; i < g_mq_n; i++ )
    {
        if( ( g_mq[ i ].op == MQ_PUB ) && ( strcmp( g_mq[ i ].topic, t ) == 0 ) &&
            ( strncmp( ( const char * ) g_mq[ i ].payload, prefix, strlen( prefix ) ) == 0 ) )
        {
            n++;
        }
    }

    return n;
}

size_t fake_mqtt_count_any_status( size_t from )
{
    size_t i;
    size_t n = 0;
    char id[ 256 ];

    for( i = from; i < g_mq_n; i++ )
    {
        if( ( g_mq[ i ].op == MQ_PUB ) &&
            topic_parts( g_mq[ i ].topic, "$aws/things/" ABI_THING_NAME "/jobs/", "/update", id, sizeof( id ) ) )
        {
            n++;
        }
    }

    return n;
}

static bool client_token_ok( const MqRec_t * r )
{
    const char * prefix = "{\"clientToken\":\"";
    const char * suffix = ":" ABI_THING_NAME "\"}";
    const char * p = ( const char * ) r->payload;
    size_t pl = strlen( prefix );
    size_t sl = strlen( suffix );
    size_t i;

    if( ( r->len < pl + sl ) || ( strncmp( p, prefix, pl ) != 0 ) || ( strcmp( p + r->len - sl, suffix ) != 0 ) ||
        ( strlen( p ) != r->len ) )
    {
        return false;
    }

    for( i = pl; i < r->len - sl; i++ )
    {
        if( ( p[ i ] < '0' ) || ( p[ i ] > '9' ) )
        {
            return false;
        }
    }

    return true;
}

static bool hex_to_bytes( const char * hex,
                          uint8_t * out,
                          size_t cap,
                          size_t * n )
{
    size_t l = strlen( hex );
    size_t i;

    if( ( l % 2U ) != 0U || ( l / 2U ) > cap )
    {
        return false;
    }

    for( i = 0; i < l / 2U; i++ )
    {
        unsigned v;

        if( sscanf( &hex[ 2U * i ], "%2x", &v ) != 1 )
        {
            return false;
        }

        out[ i ] = ( uint8_t ) v;
    }

    *n = l / 2U;
    return true;
}

static const StreamReq_t * stream_req_for( size_t mqIndex )
{
    size_t i;

    for( i = 0; i < g_stream_req_n; i++ )
    {
        if( g_stream_reqs[ i ].mqIndex == mqIndex )
        {
            return &g_stream_reqs[ i ];
        }
    }

    return NULL;
}

static bool expect_one( const MqRec_t * r,
                        size_t index,
                        const MqExpect_t * e,
                        char * why,
                        size_t whyCap )
{
    static const char * const ops[] = { "SUB", "UNSUB", "PUB" };

    if( r->op != e->op )
    {
        ( void ) snprintf( why, whyCap, "op %s, expected %s", ops[ r->op ], ops[ e->op ] );
        return false;
    }

    if( strcmp( r->topic, e->topic ) != 0 )
    {
        ( void ) snprintf( why, whyCap, "topic \"%s\", expected \"%s\"", r->topic, e->topic );
        return false;
    }

    if( ( e->qos >= 0 ) && ( r->qos != ( uint8_t ) e->qos ) )
    {
        ( void ) snprintf( why, whyCap, "QoS %u, expected %d", r->qos, e->qos );
        return false;
    }

    switch( e->kind )
    {
        case EXP_EXACT:

            if( ( r->len != strlen( e->payload ) ) || ( memcmp( r->payload, e->payload, r->len ) != 0 ) )
            {
                ( void ) snprintf( why, whyCap, "payload '%s', expected '%s'", ( const char * ) r->payload, e->payload );
                return false;
            }

            break;

        case EXP_ANY:
            break;

        case EXP_CLIENT_TOKEN:

            if( !client_token_ok( r ) )
            {
                ( void ) snprintf( why, whyCap, "payload '%s', expected {\"clientToken\":\"<n>:%s\"}",
                                   ( const char * ) r->payload, ABI_THING_NAME );
                return false;
            }

            break;

        case EXP_CBOR_REQUEST:
           {
               const StreamReq_t * q = stream_req_for( index );
               uint8_t bm[ 160 ];
               size_t bmLen = 0;

               ( void ) hex_to_bytes( e->payload, bm, sizeof( bm ), &bmLen );

               if( ( q == NULL ) || !q->valid )
               {
                   ( void ) snprintf( why, whyCap, "not a valid GetStream request: %s", fake_hex( r->payload, r->len ) );
                   return false;
               }

               if( ( strcmp( q->clientToken, "rdy" ) != 0 ) || ( q->fileId != ( int64_t ) e->fileId ) ||
                   ( q->blockSize != ( int64_t ) ABI_BLOCK_SIZE ) || ( q->blockOffset != 0 ) ||
                   ( q->numBlocks != ( int64_t ) otaconfigMAX_NUM_BLOCKS_REQUEST ) || ( q->bitmapLen != bmLen ) ||
                   ( memcmp( q->bitmap, bm, bmLen ) != 0 ) || ( strcmp( q->keyOrder, "cflobn" ) != 0 ) )
               {
                   ( void ) snprintf( why, whyCap,
                                      "GetStream {keys %s c:\"%s\" f:%lld l:%lld o:%lld b:%s n:%lld}, expected "
                                      "{keys cflobn c:\"rdy\" f:%u l:%u o:0 b:%s n:%u}",
                                      q->keyOrder, q->clientToken, ( long long ) q->fileId, ( long long ) q->blockSize,
                                      ( long long ) q->blockOffset, fake_hex( q->bitmap, q->bitmapLen ),
                                      ( long long ) q->numBlocks, e->fileId, ( unsigned ) ABI_BLOCK_SIZE, e->payload,
                                      ( unsigned ) otaconfigMAX_NUM_BLOCKS_REQUEST );
                   return false;
               }

               break;
           }
    }

    return true;
}

void fake_expect_mqtt( size_t from,
                       const MqExpect_t * exp,
                       size_t count,
                       const char * what )
{
    size_t i;
    char why[ 1024 ];
    bool ok = true;

    for( i = 0; i < count; i++ )
    {
        if( from + i >= g_mq_n )
        {
            abi_fail( __FILE__, __LINE__, "%s: MQTT operation %zu missing (expected topic %s)", what, i, exp[ i ].topic );
            ok = false;
            break;
        }

        if( !expect_one( &g_mq[ from + i ], from + i, &exp[ i ], why, sizeof( why ) ) )
        {
            abi_fail( __FILE__, __LINE__, "%s: MQTT operation %zu (log #%zu): %s", what, i, from + i, why );
            ok = false;
        }
    }

    if( ok && ( from + count != g_mq_n ) )
    {
        abi_fail( __FILE__, __LINE__, "%s: %zu MQTT operations, expected %zu", what, g_mq_n - from, count );
        ok = false;
    }

    if( !ok )
    {
        fake_mqtt_dump( from );
    }
}

size_t fake_stream_req_count( void )
{
    return g_stream_req_n;
}

const StreamReq_t * fake_stream_req( size_t index )
{
    return ( index < g_stream_req_n ) ? &g_stream_reqs[ index ] : NULL;
}

/* ======================================================================== */
/* HTTP fake.                                                               */

#define HTTP_CAP    2048U

static char * g_http_inits[ 64 ];
static size_t g_http_init_n = 0;
static HttpReq_t g_http_reqs[ HTTP_CAP ];
static size_t g_http_req_n = 0;
static size_t g_http_deinit_n = 0;

static OtaHttpStatus_t fake_http_init( char * pUrl )
{
    if( pUrl == NULL )
    {
        VIOLATION( "http.init called with a NULL URL" );
        return OtaHttpInitFailed;
    }

    LOCK();

    if( g_http_init_n < 64U )
    {
        g_http_inits[ g_http_init_n++ ] = strdup( pUrl );
    }

    ( void ) snprintf( g_http_url, sizeof( g_http_url ), "%s", pUrl );
    UNLOCK();
    return OtaHttpSuccess;
}

static OtaHttpStatus_t fake_http_request( uint32_t rangeStart,
                                          uint32_t rangeEnd )
{
    LOCK();

    if( g_http_req_n < HTTP_CAP )
    {
        g_http_reqs[ g_http_req_n ].start = rangeStart;
        g_http_reqs[ g_http_req_n ].end = rangeEnd;
        g_http_req_n++;
    }

    UNLOCK();

    cloud_http_request( rangeStart, rangeEnd );
    return OtaHttpSuccess;
}

static OtaHttpStatus_t fake_http_deinit( void )
{
    LOCK();
    g_http_deinit_n++;
    UNLOCK();
    return OtaHttpSuccess;
}

size_t fake_http_init_count( void )
{
    return g_http_init_n;
}

const char * fake_http_init_url( size_t index )
{
    return ( index < g_http_init_n ) ? g_http_inits[ index ] : NULL;
}

size_t fake_http_req_count( void )
{
    return g_http_req_n;
}

const HttpReq_t * fake_http_req( size_t index )
{
    return ( index < g_http_req_n ) ? &g_http_reqs[ index ] : NULL;
}

size_t fake_http_deinit_count( void )
{
    return g_http_deinit_n;
}

/* ======================================================================== */
/* PAL fake: a RAM file.                                                    */

FakePalConfig_t fake_pal;

#define PAL_CAP    8192U

static PalRec_t g_pal[ PAL_CAP ];
static size_t g_pal_n = 0;
static uint8_t * g_store = NULL;
static uint32_t g_store_size = 0;
static bool g_store_open = false;
static int g_pal_violations = 0;
static uint8_t g_close_sig[ kOTA_MaxSignatureSize ];
static uint16_t g_close_sig_size = 0;

/* pFile handle the fake PAL gives out. */
static int g_file_token;
#define FAKE_FILE_HANDLE    ( ( otaconfigOTA_FILE_TYPE * ) ( void * ) &g_file_token )

static PalRec_t * pal_record( PalOp_t op,
                              const OtaFileContext_t * ctx )
{
    PalRec_t * r;

    LOCK();

    if( g_pal_n >= PAL_CAP )
    {
        UNLOCK();
        VIOLATION( "PAL log full (%u calls): runaway writes?", ( unsigned ) PAL_CAP );
        return NULL;
    }

    r = &g_pal[ g_pal_n++ ];
    UNLOCK();

    ( void ) memset( r, 0, sizeof( *r ) );
    r->op = op;

    if( ctx != NULL )
    {
        r->fileOpen = ( ctx->pFile != NULL );
        r->fileSize = ctx->fileSize;

        if( ctx->pFilePath != NULL )
        {
            ( void ) snprintf( r->path, sizeof( r->path ), "%s", ( const char * ) ctx->pFilePath );
        }

        if( ctx->pCertFilepath != NULL )
        {
            ( void ) snprintf( r->cert, sizeof( r->cert ), "%s", ( const char * ) ctx->pCertFilepath );
        }
    }

    return r;
}

static OtaPalStatus_t fake_pal_create( OtaFileContext_t * const pFileContext )
{
    PalRec_t * r;

    if( pFileContext == NULL )
    {
        VIOLATION( "pal.createFile with NULL file context" );
        return OTA_PAL_COMBINE_ERR( OtaPalNullFileContext, 0 );
    }

    r = pal_record( PAL_CREATE, pFileContext );
    ( void ) r;

    if( OTA_PAL_MAIN_ERR( fake_pal.createResult ) != OtaPalSuccess )
    {
        return fake_pal.createResult;
    }

    if( pFileContext->fileSize > ( 64U * 1024U * 1024U ) )
    {
        VIOLATION( "pal.createFile for %u bytes: the agent accepted an absurd file size", pFileContext->fileSize );
        return OTA_PAL_COMBINE_ERR( OtaPalRxFileTooLarge, 0 );
    }

    free( g_store );
    g_store = calloc( 1U, ( pFileContext->fileSize > 0U ) ? pFileContext->fileSize : 1U );
    g_store_size = pFileContext->fileSize;
    g_store_open = true;
    pFileContext->pFile = FAKE_FILE_HANDLE;
    return fake_pal.createResult;
}

static int16_t fake_pal_write( OtaFileContext_t * const pFileContext,
                               uint32_t offset,
                               uint8_t * const pData,
                               uint32_t blockSize )
{
    PalRec_t * r = pal_record( PAL_WRITE, pFileContext );

    if( r != NULL )
    {
        r->offset = offset;
        r->len = blockSize;
        r->dataAddr = ( uintptr_t ) pData;
        r->poolOffset = pool_data_offset( pData );
    }

    if( ( pFileContext == NULL ) || ( pData == NULL ) )
    {
        g_pal_violations++;
        VIOLATION( "pal.writeBlock(offset %u, %u bytes) with NULL context or data", offset, blockSize );
        return -1;
    }

    if( ( pFileContext->pFile != FAKE_FILE_HANDLE ) || !g_store_open )
    {
        g_pal_violations++;
        VIOLATION( "pal.writeBlock(offset %u, %u bytes) on a file that is not open", offset, blockSize );
        return -1;
    }

    if( ( ( uint64_t ) offset + blockSize > g_store_size ) || ( blockSize == 0U ) )
    {
        g_pal_violations++;
        VIOLATION( "pal.writeBlock(offset %u, %u bytes) outside the %u-byte file", offset, blockSize, g_store_size );
        return -1;
    }

    ( void ) memcpy( &g_store[ offset ], pData, blockSize );

    if( ( fake_pal.writeShortAt >= 0 ) && ( ( long ) offset == fake_pal.writeShortAt ) )
    {
        return ( int16_t ) ( blockSize - 1U );
    }

    return ( int16_t ) blockSize;
}

static OtaPalStatus_t fake_pal_close( OtaFileContext_t * const pFileContext )
{
    PalRec_t * r;

    if( pFileContext == NULL )
    {
        VIOLATION( "pal.closeFile with NULL file context" );
        return OTA_PAL_COMBINE_ERR( OtaPalNullFileContext, 0 );
    }

    r = pal_record( PAL_CLOSE, pFileContext );
    ( void ) r;

    if( pFileContext->pFile != FAKE_FILE_HANDLE )
    {
        VIOLATION( "pal.closeFile on a file context whose pFile is not the open file" );
    }

    g_close_sig_size = 0;

    if( pFileContext->pSignature != NULL )
    {
        g_close_sig_size = pFileContext->pSignature->size;

        if( g_close_sig_size <= kOTA_MaxSignatureSize )
        {
            ( void ) memcpy( g_close_sig, pFileContext->pSignature->data, g_close_sig_size );
        }
    }

    g_store_open = false;
    return fake_pal.closeResult;
}

static OtaPalStatus_t fake_pal_abort( OtaFileContext_t * const pFileContext )
{
    if( pFileContext == NULL )
    {
        VIOLATION( "pal.abort with NULL file context" );
        return OTA_PAL_COMBINE_ERR( OtaPalNullFileContext, 0 );
    }

    ( void ) pal_record( PAL_ABORT, pFileContext );

    if( pFileContext->pFile != NULL )
    {
        g_store_open = false;
        pFileContext->pFile = NULL;
    }

    return fake_pal.abortResult;
}

static OtaPalStatus_t fake_pal_activate( OtaFileContext_t * const pFileContext )
{
    ( void ) pal_record( PAL_ACTIVATE, pFileContext );
    return fake_pal.activateResult;
}

static OtaPalStatus_t fake_pal_reset( OtaFileContext_t * const pFileContext )
{
    ( void ) pal_record( PAL_RESET, pFileContext );
    return OTA_PAL_COMBINE_ERR( OtaPalSuccess, 0 );
}

static OtaPalStatus_t fake_pal_set_state( OtaFileContext_t * const pFileContext,
                                          OtaImageState_t eState )
{
    PalRec_t * r = pal_record( PAL_SET_STATE, pFileContext );

    if( r != NULL )
    {
        r->state = ( int ) eState;
    }

    if( ( fake_pal.setStateResultFor >= 0 ) && ( fake_pal.setStateResultFor != ( int ) eState ) )
    {
        return OTA_PAL_COMBINE_ERR( OtaPalSuccess, 0 );
    }

    return fake_pal.setStateResult;
}

static OtaPalImageState_t fake_pal_get_state( OtaFileContext_t * const pFileContext )
{
    ( void ) pal_record( PAL_GET_STATE, pFileContext );
    return fake_pal.platformState;
}

size_t fake_pal_count( void )
{
    return g_pal_n;
}

const PalRec_t * fake_pal_get( size_t index )
{
    return ( index < g_pal_n ) ? &g_pal[ index ] : NULL;
}

static const char * pal_op_name( PalOp_t op )
{
    static const char * const names[] =
    {
        "createFile", "writeBlock", "closeFile", "abort", "activate", "reset", "setPlatformImageState",
        "getPlatformImageState"
    };

    return names[ op ];
}

static const char * image_state_name( int s )
{
    static const char * const names[] = { "Unknown", "Testing", "Accepted", "Rejected", "Aborted" };

    return ( ( s >= 0 ) && ( s <= 4 ) ) ? names[ s ] : "?";
}

static void pal_format( const PalRec_t * r,
                        char * out,
                        size_t cap )
{
    switch( r->op )
    {
        case PAL_CREATE:
            ( void ) snprintf( out, cap, "createFile(path \"%s\", size %u, cert \"%s\")", r->path, r->fileSize, r->cert );
            break;

        case PAL_WRITE:
            ( void ) snprintf( out, cap, "writeBlock(offset %u, len %u)", r->offset, r->len );
            break;

        case PAL_SET_STATE:
            ( void ) snprintf( out, cap, "setPlatformImageState(%s)", image_state_name( r->state ) );
            break;

        case PAL_ABORT:
            ( void ) snprintf( out, cap, "abort(file %s)", r->fileOpen ? "open" : "NULL" );
            break;

        default:
            ( void ) snprintf( out, cap, "%s()", pal_op_name( r->op ) );
            break;
    }
}

void fake_pal_dump( size_t from )
{
    size_t i;
    char line[ 700 ];

    ( void ) printf( "  PAL log from #%zu (%zu total):\n", from, g_pal_n );

    for( i = from; i < g_pal_n; i++ )
    {
        pal_format( &g_pal[ i ], line, sizeof( line ) );
        ( void ) printf( "    #%-3zu %s\n", i, line );
    }
}

size_t fake_pal_count_op( size_t from,
                          PalOp_t op )
{
    size_t i;
    size_t n = 0;

    for( i = from; i < g_pal_n; i++ )
    {
        if( g_pal[ i ].op == op )
        {
            n++;
        }
    }

    return n;
}

const uint8_t * fake_pal_image( uint32_t * pSize )
{
    *pSize = g_store_size;
    return g_store;
}

size_t fake_pal_writes_at( size_t from,
                           uint32_t offset )
{
    size_t i;
    size_t n = 0;

    for( i = from; i < g_pal_n; i++ )
    {
        if( ( g_pal[ i ].op == PAL_WRITE ) && ( g_pal[ i ].offset == offset ) )
        {
            n++;
        }
    }

    return n;
}

const uint8_t * fake_pal_close_signature( uint16_t * pSize )
{
    *pSize = g_close_sig_size;
    return g_close_sig;
}

int fake_pal_violations( void )
{
    return g_pal_violations;
}

void fake_expect_pal( size_t from,
                      const PalExpect_t * exp,
                      size_t count,
                      bool includeGetState,
                      const char * what )
{
    size_t i = from;
    size_t k = 0;
    bool ok = true;
    char got[ 700 ];

    for( ; i < g_pal_n; i++ )
    {
        const PalRec_t * r = &g_pal[ i ];

        if( !includeGetState && ( r->op == PAL_GET_STATE ) )
        {
            continue;
        }

        pal_format( r, got, sizeof( got ) );

        if( k >= count )
        {
            abi_fail( __FILE__, __LINE__, "%s: unexpected extra PAL call #%zu %s", what, i, got );
            ok = false;
            break;
        }

        if( ( r->op != exp[ k ].op ) ||
            ( ( r->op == PAL_WRITE ) && ( ( r->offset != exp[ k ].offset ) || ( r->len != exp[ k ].len ) ) ) ||
            ( ( r->op == PAL_SET_STATE ) && ( exp[ k ].state >= 0 ) && ( r->state != exp[ k ].state ) ) )
        {
            char want[ 200 ];

            if( exp[ k ].op == PAL_WRITE )
            {
                ( void ) snprintf( want, sizeof( want ), "writeBlock(offset %u, len %u)", exp[ k ].offset, exp[ k ].len );
            }
            else if( exp[ k ].op == PAL_SET_STATE )
            {
                ( void ) snprintf( want, sizeof( want ), "setPlatformImageState(%s)", image_state_name( exp[ k ].state ) );
            }
            else
            {
                ( void ) snprintf( want, sizeof( want ), "%s", pal_op_name( exp[ k ].op ) );
            }

            abi_fail( __FILE__, __LINE__, "%s: PAL call %zu (log #%zu) is %s, expected %s", what, k, i, got, want );
            ok = false;
            break;
        }

        k++;
    }

    if( ok && ( k < count ) )
    {
        abi_fail( __FILE__, __LINE__, "%s: only %zu PAL calls, expected %zu (next expected: %s)", what, k, count,
                  pal_op_name( exp[ k ].op ) );
        ok = false;
    }

    if( !ok )
    {
        fake_pal_dump( from );
    }
}

void fake_expect_image( size_t from,
                        const uint8_t * expected,
                        uint32_t size,
                        const char * what )
{
    uint32_t off;
    uint32_t i;

    if( g_store == NULL )
    {
        abi_fail( __FILE__, __LINE__, "%s: no file was created", what );
        return;
    }

    if( g_store_size != size )
    {
        abi_fail( __FILE__, __LINE__, "%s: stored file has %u bytes, expected %u", what, g_store_size, size );
        return;
    }

    for( i = 0; i < size; i++ )
    {
        if( g_store[ i ] != expected[ i ] )
        {
            abi_fail( __FILE__, __LINE__, "%s: stored file differs from the source image at byte %u (block %u)",
                      what, i, i / ABI_BLOCK_SIZE );
            break;
        }
    }

    for( off = 0; off < size; off += ABI_BLOCK_SIZE )
    {
        size_t n = fake_pal_writes_at( from, off );

        if( n != 1U )
        {
            abi_fail( __FILE__, __LINE__, "%s: block at offset %u written %zu times, expected once", what, off, n );
        }
    }
}

/* ======================================================================== */
/* Application callback.                                                    */

FakeAppConfig_t fake_app;

#define CB_CAP    4096U

static CbRec_t g_cb[ CB_CAP ];
static size_t g_cb_n = 0;

const char * fake_job_event_name( OtaJobEvent_t event )
{
    static const char * const names[] =
    {
        "Activate", "Fail", "StartTest", "Processed", "SelfTestFailed", "ParseCustomJob", "ReceivedJob",
        "UpdateComplete", "NoActiveJob"
    };

    if( ( ( int ) event >= 0 ) && ( ( int ) event < 9 ) )
    {
        return names[ event ];
    }

    return "?";
}

static bool event_has_doc( OtaJobEvent_t event )
{
    return ( event == OtaJobEventActivate ) || ( event == OtaJobEventFail ) || ( event == OtaJobEventReceivedJob ) ||
           ( event == OtaJobEventUpdateComplete ) || ( event == OtaJobEventParseCustomJob );
}

void fake_app_callback( OtaJobEvent_t event,
                        void * pData )
{
    CbRec_t * r = NULL;
    size_t index = CB_CAP;

    LOCK();

    if( g_cb_n < CB_CAP )
    {
        index = g_cb_n++;
        r = &g_cb[ index ];
        ( void ) memset( r, 0, sizeof( *r ) );
        r->event = event;
        r->pData = pData;
        r->apiResult = -1;
    }

    UNLOCK();

    if( r == NULL )
    {
        VIOLATION( "callback log full" );
        return;
    }

    if( event_has_doc( event ) && ( pData != NULL ) )
    {
        const OtaJobDocument_t * doc = ( const OtaJobDocument_t * ) pData;
        size_t n = doc->jobIdLength;

        r->hasDoc = true;

        if( doc->pJobId != NULL )
        {
            if( n >= sizeof( r->jobId ) )
            {
                n = sizeof( r->jobId ) - 1U;
            }

            ( void ) memcpy( r->jobId, doc->pJobId, n );
            r->jobId[ n ] = '\0';
        }

        r->jobIdLength = doc->jobIdLength;
        r->fileTypeId = doc->fileTypeId;
        r->status = ( int ) doc->status;
        r->reason = ( int ) doc->reason;
        r->subReason = ( int ) doc->subReason;
    }

    switch( event )
    {
        case OtaJobEventProcessed:

            if( pData == NULL )
            {
                VIOLATION( "OtaJobEventProcessed with NULL buffer" );
            }
            else
            {
                pool_release( pData, "OtaJobEventProcessed" );
            }

            break;

        case OtaJobEventActivate:

            if( fake_app.activateCallsApi )
            {
                r->apiResult = ( int ) OTA_ActivateNewImage();
            }

            break;

        case OtaJobEventStartTest:

            if( fake_app.selfTest != OtaImageStateUnknown )
            {
                r->apiResult = ( int ) OTA_SetImageState( fake_app.selfTest );
            }

            break;

        default:
            break;
    }
}

size_t fake_cb_count( void )
{
    return g_cb_n;
}

const CbRec_t * fake_cb_get( size_t index )
{
    return ( index < g_cb_n ) ? &g_cb[ index ] : NULL;
}

size_t fake_cb_count_event( size_t from,
                            OtaJobEvent_t event )
{
    size_t i;
    size_t n = 0;

    for( i = from; i < g_cb_n; i++ )
    {
        if( g_cb[ i ].event == event )
        {
            n++;
        }
    }

    return n;
}

long fake_cb_find( size_t from,
                   OtaJobEvent_t event )
{
    size_t i;

    for( i = from; i < g_cb_n; i++ )
    {
        if( g_cb[ i ].event == event )
        {
            return ( long ) i;
        }
    }

    return -1;
}

void fake_cb_dump( size_t from )
{
    size_t i;

    ( void ) printf( "  callbacks from #%zu (%zu total):\n", from, g_cb_n );

    for( i = from; i < g_cb_n; i++ )
    {
        const CbRec_t * r = &g_cb[ i ];

        ( void ) printf( "    #%-3zu %s", i, fake_job_event_name( r->event ) );

        if( r->hasDoc )
        {
            ( void ) printf( " job \"%s\" (len %zu) fileType %u status %d reason %d sub %d", r->jobId, r->jobIdLength,
                             r->fileTypeId, r->status, r->reason, r->subReason );
        }

        if( r->apiResult >= 0 )
        {
            ( void ) printf( " -> app call returned %s", OTA_Err_strerror( ( OtaErr_t ) r->apiResult ) );
        }

        ( void ) printf( "\n" );
    }
}

/* ======================================================================== */
/* Interfaces, buffers, setup.                                              */

static OtaInterfaces_t g_interfaces;

OtaInterfaces_t * fake_interfaces( void )
{
    return &g_interfaces;
}

static uint8_t g_buf_file_path[ 256 ];
static uint8_t g_buf_cert_path[ 256 ];
static uint8_t g_buf_stream[ 64 ];
static uint8_t g_buf_decode[ ABI_BLOCK_SIZE ];
static uint8_t g_buf_bitmap[ OTA_MAX_BLOCK_BITMAP_SIZE ];
static uint8_t g_buf_url[ OTA_REQUEST_URL_MAX_SIZE ];
static uint8_t g_buf_auth[ 64 ];

const OtaAppBuffer_t * fake_app_buffers( bool userBuffers )
{
    static OtaAppBuffer_t user;
    static OtaAppBuffer_t none;

    ( void ) memset( &none, 0, sizeof( none ) );
    ( void ) memset( &user, 0, sizeof( user ) );
    user.pUpdateFilePath = g_buf_file_path;
    user.updateFilePathsize = ( uint16_t ) sizeof( g_buf_file_path );
    user.pCertFilePath = g_buf_cert_path;
    user.certFilePathSize = ( uint16_t ) sizeof( g_buf_cert_path );
    user.pStreamName = g_buf_stream;
    user.streamNameSize = ( uint16_t ) sizeof( g_buf_stream );
    user.pDecodeMemory = g_buf_decode;
    user.decodeMemorySize = ( uint32_t ) sizeof( g_buf_decode );
    user.pFileBitmap = g_buf_bitmap;
    user.fileBitmapSize = ( uint16_t ) sizeof( g_buf_bitmap );
    user.pUrl = g_buf_url;
    user.urlSize = ( uint16_t ) sizeof( g_buf_url );
    user.pAuthScheme = g_buf_auth;
    user.authSchemeSize = ( uint16_t ) sizeof( g_buf_auth );

    return userBuffers ? &user : &none;
}

void fake_setup( const char * scenarioName )
{
    pthread_mutexattr_t attr;

    ( void ) setvbuf( stdout, NULL, _IONBF, 0 );
    ( void ) setvbuf( stderr, NULL, _IONBF, 0 );

    ( void ) pthread_mutexattr_init( &attr );
    ( void ) pthread_mutexattr_settype( &attr, PTHREAD_MUTEX_RECURSIVE );
    ( void ) pthread_mutex_init( &g_lock, &attr );
    ( void ) pthread_mutexattr_destroy( &attr );

    g_scenario = scenarioName;
    ( void ) signal( SIGALRM, on_watchdog );
    ( void ) alarm( 60 );

    ( void ) memset( &g_interfaces, 0, sizeof( g_interfaces ) );
    g_interfaces.os.event.init = fake_event_init;
    g_interfaces.os.event.send = fake_event_send;
    g_interfaces.os.event.recv = fake_event_recv;
    g_interfaces.os.event.deinit = fake_event_deinit;
    g_interfaces.os.event.pEventContext = NULL;
    g_interfaces.os.timer.start = fake_timer_start;
    g_interfaces.os.timer.stop = fake_timer_stop;
    g_interfaces.os.timer.delete = fake_timer_delete;
    g_interfaces.os.mem.malloc = fake_malloc;
    g_interfaces.os.mem.free = fake_free;
    g_interfaces.mqtt.subscribe = fake_mqtt_subscribe;
    g_interfaces.mqtt.unsubscribe = fake_mqtt_unsubscribe;
    g_interfaces.mqtt.publish = fake_mqtt_publish;
    g_interfaces.http.init = fake_http_init;
    g_interfaces.http.request = fake_http_request;
    g_interfaces.http.deinit = fake_http_deinit;
    g_interfaces.pal.abort = fake_pal_abort;
    g_interfaces.pal.createFile = fake_pal_create;
    g_interfaces.pal.closeFile = fake_pal_close;
    g_interfaces.pal.writeBlock = fake_pal_write;
    g_interfaces.pal.activate = fake_pal_activate;
    g_interfaces.pal.reset = fake_pal_reset;
    g_interfaces.pal.setPlatformImageState = fake_pal_set_state;
    g_interfaces.pal.getPlatformImageState = fake_pal_get_state;

    ( void ) memset( &fake_pal, 0, sizeof( fake_pal ) );
    fake_pal.createResult = OTA_PAL_COMBINE_ERR( OtaPalSuccess, 0 );
    fake_pal.closeResult = OTA_PAL_COMBINE_ERR( OtaPalSuccess, 0 );
    fake_pal.activateResult = OTA_PAL_COMBINE_ERR( OtaPalSuccess, 0 );
    fake_pal.setStateResult = OTA_PAL_COMBINE_ERR( OtaPalSuccess, 0 );
    fake_pal.abortResult = OTA_PAL_COMBINE_ERR( OtaPalSuccess, 0 );
    fake_pal.platformState = OtaPalImageStateValid;
    fake_pal.writeShortAt = -1;
    fake_pal.setStateResultFor = -1;

    ( void ) memset( &fake_app, 0, sizeof( fake_app ) );
    fake_app.activateCallsApi = true;
    fake_app.selfTest = OtaImageStateUnknown;

    ( void ) memset( &fake_cloud, 0, sizeof( fake_cloud ) );
    fake_cloud.answerJobs = true;

    ( void ) printf( "=== %s\n", scenarioName );
}

OtaErr_t fake_start_agent( bool userBuffers )
{
    OtaErr_t err = OTA_Init( fake_app_buffers( userBuffers ), fake_interfaces(),
                             ( const uint8_t * ) ABI_THING_NAME, fake_app_callback );

    if( err == OtaErrNone )
    {
        CHECK( fake_signal_event( OtaAgentEventStart ), "OTA_SignalEvent(Start) after OTA_Init returned false" );
    }

    return err;
}

static bool g_stopped_pred( void )
{
    return OTA_GetState() == OtaAgentStateStopped;
}

int fake_drive_until( bool ( * pred )( void ),
                      int maxEvents )
{
    int steps = 0;

    if( OTA_GetState() == OtaAgentStateInit )
    {
        ( void ) OTA_EventProcess();
        steps++;
    }

    while( steps < maxEvents )
    {
        if( ( pred != NULL ) && pred() )
        {
            return steps;
        }

        if( ( fake_queue_len() == 0U ) || ( OTA_GetState() == OtaAgentStateStopped ) )
        {
            return steps;
        }

        ( void ) OTA_EventProcess();
        steps++;
    }

    abi_fail( __FILE__, __LINE__, "agent still busy after %d events (event loop?)", maxEvents );
    return steps;
}

int fake_drive( void )
{
    return fake_drive_until( NULL, 20000 );
}

void fake_shutdown_agent( uint8_t unsubscribe )
{
    OtaState_t s = OTA_Shutdown( 0, unsubscribe );

    ( void ) s;
    ( void ) fake_drive_until( g_stopped_pred, 20000 );

    /* Shutdown may finish on the next poll even with an empty queue. */
    if( OTA_GetState() != OtaAgentStateStopped )
    {
        ( void ) OTA_EventProcess();
    }

    CHECK_STATE( OtaAgentStateStopped, "agent state after OTA_Shutdown and draining the queue" );
}

static void free_logs( void )
{
    size_t i;

    for( i = 0; i < g_mq_n; i++ )
    {
        free( g_mq[ i ].payload );
        g_mq[ i ].payload = NULL;
    }

    for( i = 0; i < g_http_init_n; i++ )
    {
        free( g_http_inits[ i ] );
    }

    for( i = 0; i < g_image_n; i++ )
    {
        free( g_images[ i ].data );
    }

    free( g_next_job );
    g_next_job = NULL;
    free( g_store );
    g_store = NULL;
}

int fake_finish( void )
{
    int outstanding = fake_pool_outstanding();

    if( outstanding > g_allowed_pool_leak )
    {
        abi_fail( __FILE__, __LINE__,
                  "%d application event buffer(s) handed to the agent never came back through OtaJobEventProcessed",
                  outstanding );
    }

    if( g_heap_outstanding != 0U )
    {
        abi_fail( __FILE__, __LINE__, "%zu block(s) allocated through os.mem.malloc were never freed (%zu bytes)",
                  g_heap_outstanding, g_heap_bytes );
    }

    if( ( abi_failures != 0 ) || ( getenv( "ABI_DUMP" ) != NULL ) )
    {
        ( void ) printf( "--- diagnostics for %s\n", g_scenario );
        ( void ) printf( "  agent state %d, queue length %zu, pool outstanding %d, heap outstanding %zu\n",
                         ( int ) OTA_GetState(), fake_queue_len(), outstanding, g_heap_outstanding );
        fake_mqtt_dump( 0 );
        fake_pal_dump( 0 );
        fake_cb_dump( 0 );
        fake_dump_events();
    }

    if( abi_failures != 0 )
    {
        ( void ) printf( "RESULT %s: FAILED (%d failure%s)\n", g_scenario, abi_failures, ( abi_failures == 1 ) ? "" : "s" );
    }
    else
    {
        ( void ) printf( "RESULT %s: PASSED\n", g_scenario );
    }

    free_logs();

    return ( abi_failures == 0 ) ? 0 : 1;
}

/* ======================================================================== */
/* Job documents, bytes, base64.                                            */

int job_exec( char * out,
              size_t cap,
              const char * jobId,
              const char * statusDetails,
              const char * afrOta )
{
    char sd[ 512 ] = "";

    if( statusDetails != NULL )
    {
        ( void ) snprintf( sd, sizeof( sd ), ",\"statusDetails\":%s", statusDetails );
    }

    return snprintf( out, cap,
                     "{\"jobId\":\"%s\",\"status\":\"QUEUED\"%s,\"queuedAt\":1700000000,\"lastUpdatedAt\":1700000000,"
                     "\"versionNumber\":1,\"executionNumber\":1,\"jobDocument\":{\"afr_ota\":%s}}",
                     jobId, sd, afrOta );
}

int job_afr_ota_mqtt( char * out,
                      size_t cap,
                      const char * stream,
                      uint32_t fileSize,
                      uint32_t fileId,
                      const char * sigB64,
                      const char * extraFileFields )
{
    return snprintf( out, cap,
                     "{\"protocols\":[\"MQTT\"],\"streamname\":\"%s\",\"files\":[{\"filepath\":\"%s\",\"filesize\":%u,"
                     "\"fileid\":%u,\"certfile\":\"%s\",\"sig-sha256-ecdsa\":\"%s\"%s}]}",
                     stream, ABI_FILE_PATH, fileSize, fileId, ABI_CERT_PATH, sigB64,
                     ( extraFileFields != NULL ) ? extraFileFields : "" );
}

int job_afr_ota_http( char * out,
                      size_t cap,
                      const char * url,
                      uint32_t fileSize,
                      const char * sigB64 )
{
    return snprintf( out, cap,
                     "{\"protocols\":[\"HTTP\"],\"files\":[{\"filepath\":\"%s\",\"filesize\":%u,\"fileid\":0,"
                     "\"certfile\":\"%s\",\"update_data_url\":\"%s\",\"auth_scheme\":\"aws.s3.presigned\","
                     "\"sig-sha256-ecdsa\":\"%s\"}]}",
                     ABI_FILE_PATH, fileSize, ABI_CERT_PATH, url, sigB64 );
}

void fake_make_bytes( uint8_t * out,
                      size_t len,
                      uint32_t seed )
{
    uint32_t x = ( seed * 2654435761U ) | 1U;
    size_t i;

    for( i = 0; i < len; i++ )
    {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        out[ i ] = ( uint8_t ) ( x >> 24 );
    }
}

size_t fake_base64( const uint8_t * in,
                    size_t len,
                    char * out,
                    size_t cap )
{
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t i;
    size_t o = 0;

    for( i = 0; i < len; i += 3U )
    {
        uint32_t v = ( uint32_t ) in[ i ] << 16;
        size_t rem = len - i;

        if( rem > 1U )
        {
            v |= ( uint32_t ) in[ i + 1U ] << 8;
        }

        if( rem > 2U )
        {
            v |= in[ i + 2U ];
        }

        if( o + 5U > cap )
        {
            break;
        }

        out[ o++ ] = alphabet[ ( v >> 18 ) & 63U ];
        out[ o++ ] = alphabet[ ( v >> 12 ) & 63U ];
        out[ o++ ] = ( rem > 1U ) ? alphabet[ ( v >> 6 ) & 63U ] : '=';
        out[ o++ ] = ( rem > 2U ) ? alphabet[ v & 63U ] : '=';
    }

    if( o < cap )
    {
        out[ o ] = '\0';
    }

    return o;
}

const uint8_t * fake_signature( void )
{
    static uint8_t sig[ ABI_SIG_LEN ];
    static bool made = false;

    if( !made )
    {
        fake_make_bytes( sig, sizeof( sig ), 0x5167U );
        sig[ 0 ] = 0x30U; /* looks like a DER sequence, as ECDSA signatures do */
        sig[ 1 ] = ( uint8_t ) ( ABI_SIG_LEN - 2U );
        made = true;
    }

    return sig;
}

const char * fake_signature_b64( void )
{
    static char b64[ ( ( ABI_SIG_LEN + 2U ) / 3U ) * 4U + 1U ];

    ( void ) fake_base64( fake_signature(), ABI_SIG_LEN, b64, sizeof( b64 ) );
    return b64;
}
