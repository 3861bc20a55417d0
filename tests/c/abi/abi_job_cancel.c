/*
 * SPDX-License-Identifier: MIT
 *
 * Scenario: the job changes while a file is downloading.
 *
 * 1. job-c1 downloads; after a few blocks the service cancels it: notify-next
 *    arrives without an execution. The agent aborts the file and asks for the next
 *    job, which is job-c2.
 * 2. job-c2 downloads; after a few blocks notify-next announces a different job,
 *    job-c3. The agent aborts job-c2 and asks again, gets job-c3.
 * 3. job-c3 downloads to the end and is activated; nothing of job-c1 or job-c2
 *    is ever closed or activated.
 */

#include <stdio.h>
#include <string.h>

#include "fakes.h"
#include "ota_appversion32.h"

const AppVersion32_t appFirmwareVersion = { .u.x = { .major = 1, .minor = 0, .build = 1 } };
const char OTA_JsonFileSignatureKey[ OTA_FILE_SIG_KEY_STR_MAX_LENGTH ] = "sig-sha256-ecdsa";

#define FILE_SIZE    ( 6U * 1024U + 10U )

static uint8_t image1[ FILE_SIZE ];
static uint8_t image2[ FILE_SIZE ];
static uint8_t image3[ FILE_SIZE ];
static size_t g_pal_mark;
static size_t g_writes_wanted;

static bool writes_reached( void )
{
    return fake_pal_count_op( g_pal_mark, PAL_WRITE ) >= g_writes_wanted;
}

static void make_job( char * exec,
                      size_t cap,
                      const char * jobId,
                      const char * stream )
{
    char afr[ 1024 ];

    ( void ) job_afr_ota_mqtt( afr, sizeof( afr ), stream, FILE_SIZE, 0U, fake_signature_b64(), "" );
    ( void ) job_exec( exec, cap, jobId, NULL, afr );
}

static long nth_create( size_t from,
                        int nth )
{
    size_t i;
    int seen = 0;

    for( i = from; i < fake_pal_count(); i++ )
    {
        if( fake_pal_get( i )->op == PAL_CREATE )
        {
            if( ++seen == nth )
            {
                return ( long ) i;
            }
        }
    }

    return -1;
}

/* Checks that between PAL records [from, to) the download was abandoned:
 * aborted with the file open, never closed or activated. */
static void check_abandoned( size_t from,
                             size_t to,
                             const char * what )
{
    size_t i;
    bool abortedOpen = false;
    bool setAborted = false;

    for( i = from; i < to; i++ )
    {
        const PalRec_t * r = fake_pal_get( i );

        CHECK( r->op != PAL_CLOSE, "%s: closeFile called on a cancelled download (PAL #%zu)", what, i );
        CHECK( r->op != PAL_ACTIVATE, "%s: activate called on a cancelled download (PAL #%zu)", what, i );

        if( ( r->op == PAL_ABORT ) && r->fileOpen )
        {
            abortedOpen = true;
        }

        if( ( r->op == PAL_SET_STATE ) && ( r->state == OtaImageStateAborted ) )
        {
            setAborted = true;
        }
    }

    CHECK( abortedOpen, "%s: pal.abort was not called on the open file", what );
    CHECK( setAborted, "%s: setPlatformImageState(Aborted) was not called", what );
}

int main( void )
{
    char exec1[ 2048 ];
    char exec2[ 2048 ];
    char exec3[ 2048 ];
    size_t pal0;
    size_t mqCancel1;
    size_t mqCancel2;
    size_t cb0;
    long c1;
    long c2;
    long c3;
    int leaked;

    fake_setup( "job_cancel" );

    fake_make_bytes( image1, sizeof( image1 ), 11U );
    fake_make_bytes( image2, sizeof( image2 ), 12U );
    fake_make_bytes( image3, sizeof( image3 ), 13U );
    fake_cloud_add_stream( "stream-c1", 0U, image1, FILE_SIZE );
    fake_cloud_add_stream( "stream-c2", 0U, image2, FILE_SIZE );
    fake_cloud_add_stream( "stream-c3", 0U, image3, FILE_SIZE );
    make_job( exec1, sizeof( exec1 ), "job-c1", "stream-c1" );
    make_job( exec2, sizeof( exec2 ), "job-c2", "stream-c2" );
    make_job( exec3, sizeof( exec3 ), "job-c3", "stream-c3" );

    pal0 = fake_pal_count();
    cb0 = fake_cb_count();
    fake_cloud_set_next_job( exec1 );
    CHECK_INT( OtaErrNone, fake_start_agent( true ), "OTA_Init" );

    /* 1. Three blocks of job-c1, then the service cancels it. */
    g_pal_mark = pal0;
    g_writes_wanted = 3U;
    ( void ) fake_drive_until( writes_reached, 10000 );
    CHECK_STATE( OtaAgentStateWaitingForFileBlock, "state while job-c1 downloads" );

    fake_cloud_set_next_job( exec2 );
    mqCancel1 = fake_mqtt_count();
    CHECK( fake_cloud_notify_next( NULL ), "signal the cancelling notify-next" );

    /* 2. Runs through the abort, the new request and three blocks of job-c2. */
    c2 = -1;
    g_pal_mark = fake_pal_count();
    g_writes_wanted = 0U;

    while( ( c2 = nth_create( pal0, 2 ) ) < 0 )
    {
        if( fake_queue_len() == 0U )
        {
            break;
        }

        ( void ) OTA_EventProcess();
    }

    CHECK( c2 >= 0, "job-c2 was never started after job-c1 was cancelled" );
    CHECK( fake_mqtt_count_op( mqCancel1, MQ_PUB, topic_next_get() ) >= 1U,
           "no $next/get after the cancelling notify-next" );

    if( c2 >= 0 )
    {
        c1 = nth_create( pal0, 1 );
        check_abandoned( ( size_t ) c1, ( size_t ) c2, "job-c1" );
        CHECK_STR( ABI_FILE_PATH, fake_pal_get( ( size_t ) c2 )->path, "job-c2 createFile path" );

        g_pal_mark = ( size_t ) c2;
        g_writes_wanted = 3U;
        ( void ) fake_drive_until( writes_reached, 10000 );
        CHECK_STATE( OtaAgentStateWaitingForFileBlock, "state while job-c2 downloads" );

        /* 3. A different job is announced while job-c2 downloads. */
        fake_cloud_set_next_job( exec3 );
        mqCancel2 = fake_mqtt_count();
        CHECK( fake_cloud_notify_next( exec3 ), "signal notify-next with job-c3" );
        ( void ) fake_drive();

        c3 = nth_create( pal0, 3 );
        CHECK( c3 >= 0, "job-c3 was never started" );
        CHECK( fake_mqtt_count_op( mqCancel2, MQ_PUB, topic_next_get() ) >= 1U,
               "no $next/get after notify-next announced a new job" );

        if( c3 >= 0 )
        {
            check_abandoned( ( size_t ) c2, ( size_t ) c3, "job-c2" );
            fake_expect_image( ( size_t ) c3, image3, FILE_SIZE, "job-c3 image" );
        }
    }

    CHECK_STATE( OtaAgentStateWaitingForJob, "state after job-c3" );
    CHECK_INT( 1, fake_cb_count_event( cb0, OtaJobEventActivate ), "Activate callbacks (job-c3 only)" );
    CHECK_INT( 1, fake_pal_count_op( pal0, PAL_CLOSE ), "closeFile calls (job-c3 only)" );
    CHECK_INT( 1, fake_pal_count_op( pal0, PAL_ACTIVATE ), "pal.activate calls (job-c3 only)" );

    {
        long a = fake_cb_find( cb0, OtaJobEventActivate );

        if( a >= 0 )
        {
            CHECK( strncmp( fake_cb_get( ( size_t ) a )->jobId, "job-c3", 6 ) == 0, "Activate for job \"%s\", expected job-c3",
                   fake_cb_get( ( size_t ) a )->jobId );
        }
    }

    CHECK_INT( 1, fake_mqtt_count_status( 0, "job-c3", "{\"status\":\"IN_PROGRESS\",\"statusDetails\":{\"self_test\":\"ready\"" ),
               "ready status for job-c3" );
    CHECK_INT( 0, fake_mqtt_count_status( 0, "job-c1", "{\"status\":\"IN_PROGRESS\",\"statusDetails\":{\"self_test\"" ),
               "self_test statuses for the cancelled job-c1" );
    CHECK_INT( 0, fake_mqtt_count_status( 0, "job-c2", "{\"status\":\"IN_PROGRESS\",\"statusDetails\":{\"self_test\"" ),
               "self_test statuses for the replaced job-c2" );

    /* The C agent never returns the buffer of a notify-next that interrupts a
     * download (no Processed callback); report what this library does. */
    leaked = fake_pool_outstanding();

    if( leaked > 0 )
    {
        abi_note( "%d notify-next buffer(s) not returned through OtaJobEventProcessed (the C agent's behaviour)", leaked );
    }
    else
    {
        abi_note( "every notify-next buffer was returned through OtaJobEventProcessed" );
    }

    fake_allow_pool_leak( 2 );
    fake_shutdown_agent( 1 );
    return fake_finish();
}
