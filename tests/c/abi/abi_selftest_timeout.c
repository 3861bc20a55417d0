/*
 * SPDX-License-Identifier: MIT
 *
 * Scenario: first boot of new firmware that cannot reach its job. The platform
 * reports PendingCommit, so at Start the agent arms the self-test timer
 * ("OtaSelfTestTimer", otaconfigSELF_TEST_RESPONSE_WAIT_MS). The Jobs service never
 * answers; when the timer fires the agent resets the device through pal.reset so
 * the bootloader rolls back. (Once StartTest has been delivered the C agent stops
 * this timer: from then on the application owns the decision.)
 */

#include <stdio.h>
#include <string.h>

#include "fakes.h"
#include "ota_appversion32.h"

const AppVersion32_t appFirmwareVersion = { .u.x = { .major = 1, .minor = 0, .build = 2 } };
const char OTA_JsonFileSignatureKey[ OTA_FILE_SIG_KEY_STR_MAX_LENGTH ] = "sig-sha256-ecdsa";

int main( void )
{
    size_t pal0;
    size_t palFire;

    fake_setup( "selftest_timeout" );

    fake_cloud.answerJobs = false;
    fake_pal.platformState = OtaPalImageStatePendingCommit;

    pal0 = fake_pal_count();
    CHECK_INT( OtaErrNone, fake_start_agent( true ), "OTA_Init" );
    ( void ) fake_drive();

    CHECK_STATE( OtaAgentStateWaitingForJob, "state while the job request is unanswered" );
    CHECK_INT( 1, fake_mqtt_count_op( 0, MQ_PUB, topic_next_get() ), "job requests" );
    CHECK_INT( 0, fake_pal_count_op( pal0, PAL_RESET ), "pal.reset before the timer fired" );
    CHECK( fake_timer_armed( OtaSelfTestTimer ), "self-test timer not armed at Start while the platform is PendingCommit" );
    CHECK_STR( "OtaSelfTestTimer", fake_timer_name( OtaSelfTestTimer ), "self-test timer name" );
    CHECK_INT( otaconfigSELF_TEST_RESPONSE_WAIT_MS, fake_timer_timeout( OtaSelfTestTimer ), "self-test timer timeout (ms)" );

    palFire = fake_pal_count();

    if( fake_fire_timer( OtaSelfTestTimer ) )
    {
        /* The reset happens from the timer context, without the event loop. */
        CHECK_INT( 1, fake_pal_count_op( palFire, PAL_RESET ), "pal.reset calls from the self-test timer callback" );
        ( void ) fake_drive();
        CHECK_INT( 1, fake_pal_count_op( palFire, PAL_RESET ), "pal.reset calls after the self-test timer fired" );
    }

    CHECK_INT( 0, fake_mqtt_count_any_status( 0 ), "job statuses (no job was ever received)" );
    CHECK_INT( 0, fake_pal_count_op( pal0, PAL_SET_STATE ), "setPlatformImageState calls" );

    fake_shutdown_agent( 1 );
    return fake_finish();
}
