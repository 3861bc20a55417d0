/*
 * SPDX-License-Identifier: MIT
 *
 * Scenario: the stream sends the last block twice; the duplicate arrives after the
 * file is complete and closed. A stray copy of a block that was already received
 * must not turn a verified, activated update into a failed or rejected one.
 */

#include <stdio.h>
#include <string.h>

#include "fakes.h"
#include "ota_appversion32.h"

const AppVersion32_t appFirmwareVersion = { .u.x = { .major = 1, .minor = 0, .build = 1 } };
const char OTA_JsonFileSignatureKey[ OTA_FILE_SIG_KEY_STR_MAX_LENGTH ] = "sig-sha256-ecdsa";

#define FILE_SIZE    ( 10U * 1024U + 300U )
#define JOB_ID       "job-stray"

static uint8_t image[ FILE_SIZE ];

static BlockAction_t dup_last( uint32_t block,
                               unsigned delivery )
{
    return ( ( block == 10U ) && ( delivery == 0U ) ) ? BLOCK_DUPLICATE : BLOCK_DELIVER;
}

int main( void )
{
    char afr[ 1024 ];
    char exec[ 2048 ];
    size_t pal0;
    size_t i;

    fake_setup( "stray_block" );

    fake_make_bytes( image, sizeof( image ), 41U );
    fake_cloud_add_stream( "stream-stray", 0U, image, FILE_SIZE );
    fake_cloud.filter = dup_last;
    ( void ) job_afr_ota_mqtt( afr, sizeof( afr ), "stream-stray", FILE_SIZE, 0U, fake_signature_b64(), "" );
    ( void ) job_exec( exec, sizeof( exec ), JOB_ID, NULL, afr );
    fake_cloud_set_next_job( exec );

    pal0 = fake_pal_count();
    CHECK_INT( OtaErrNone, fake_start_agent( true ), "OTA_Init" );
    ( void ) fake_drive();

    CHECK_INT( 2, fake_cloud_block_sends( 10 ), "copies of the last block sent (test setup)" );
    fake_expect_image( pal0, image, FILE_SIZE, "image" );
    CHECK_INT( 1, fake_cb_count_event( 0, OtaJobEventActivate ), "Activate callbacks" );
    CHECK_INT( 0, fake_cb_count_event( 0, OtaJobEventFail ), "Fail callbacks after a stray duplicate" );
    CHECK_INT( 0, fake_mqtt_count_status( 0, JOB_ID, "{\"status\":\"FAILED\"" ), "FAILED statuses after a stray duplicate" );
    CHECK_INT( 1, fake_mqtt_count_status( 0, JOB_ID, "{\"status\":\"IN_PROGRESS\",\"statusDetails\":{\"self_test\":\"ready\"" ),
               "ready statuses" );

    for( i = pal0; i < fake_pal_count(); i++ )
    {
        CHECK( fake_pal_get( i )->op != PAL_SET_STATE, "setPlatformImageState(%d) called because of a stray duplicate",
               fake_pal_get( i )->state );
    }

    CHECK_STATE( OtaAgentStateWaitingForJob, "state after the update" );
    CHECK_INT( 0, fake_pool_outstanding(), "event buffers still with the agent" );

    fake_shutdown_agent( 1 );
    return fake_finish();
}
